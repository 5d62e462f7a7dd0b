#include "synthdataset.h"

#include "csvtable.h"
#include "dataset.h"
#include "facepainter.h"
#include "parallel.h"
#include "population.h"
#include "random.h"
#include "textfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include "photocodec.h"

#include <atomic>
#include <mutex>

namespace masklab::synth {

namespace {

struct ImageJob
{
    const PersonLook *look;
    MaskState mask;
    uint64_t seed;
    QString path;
    int jpegQuality;
};

QString hexName(Rng &rng)
{
    QString name;
    for (int i = 0; i < 5; ++i)
        name += QStringLiteral("%1").arg(rng.next() & 0xFFFFFFFFull, 8, 16, QLatin1Char('0'));
    return name + QStringLiteral(".jpg");
}

// The photo stored under a slot: a mask-swap person has incorrect_mask and normal exchanged.
MaskState storedMaskState(const SynthPerson &person, int slot)
{
    const MaskState truth = maskStateOfSlot(slot);
    if (person.noise != NoiseKind::MaskSwap || truth == MaskState::Wear)
        return truth;
    return truth == MaskState::Incorrect ? MaskState::NotWear : MaskState::Incorrect;
}

QString noiseRows(const std::vector<SynthPerson> &persons)
{
    QString csv = QStringLiteral("folder,kind,photo,field,recorded,true\n");
    for (const SynthPerson &p : persons) {
        switch (p.noise) {
        case NoiseKind::None:
            break;
        case NoiseKind::GenderFlip:
            csv += QStringLiteral("%1,gender-flip,,gender,%2,%3\n")
                       .arg(p.folder, genderName(p.recordedGender), genderName(p.look.gender));
            break;
        case NoiseKind::WrongAgeGroup:
            csv += QStringLiteral("%1,wrong-age-group,,age,%2,%3\n")
                       .arg(p.folder)
                       .arg(p.recordedAge)
                       .arg(p.look.age);
            break;
        case NoiseKind::MaskSwap:
            csv += QStringLiteral("%1,mask-swap,incorrect_mask,mask,incorrect,normal\n"
                                  "%1,mask-swap,normal,mask,normal,incorrect\n")
                       .arg(p.folder);
            break;
        }
    }
    return csv;
}

// What the generator will write: one job per photo, and the CSVs' rows.
struct SynthPlan
{
    std::vector<ImageJob> jobs;
    QString trainCsv = QStringLiteral("id,gender,race,age,path\n");
    QString personsCsv = QStringLiteral("folder,true_gender,true_age\n");
    std::vector<std::pair<QString, int>> evalRows; // ImageID, true class
};

// Why these options or folders cannot be used; empty when they can.
QString checkOptions(const SynthOptions &options, const QString &out, const QString &truthDir)
{
    if (options.persons < 1 || options.evalPersons < 0)
        return QStringLiteral("--persons must be at least 1 and --eval-persons at least 0");
    if (options.width < 32 || options.height < 32 || options.width > 4096 || options.height > 4096)
        return QStringLiteral("--size must be between 32x32 and 4096x4096");
    if (options.labelNoise < 0 || options.labelNoise > 1)
        return QStringLiteral("--label-noise must be between 0 and 1");
    for (const QString &dir : {out, truthDir}) {
        if (QDir(dir).exists() &&
            !QDir(dir).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
            return QStringLiteral("%1 exists and is not empty; synth never overwrites files, "
                                  "choose a new folder")
                .arg(dir);
    }
    if (truthDir.startsWith(out + u'/'))
        return QStringLiteral("the truth folder must be outside the dataset folder");
    return {};
}

// The training persons' folders (made here), photos and rows.
QString planTrain(const std::vector<SynthPerson> &persons, const QString &imagesDir,
                  Rng &qualityRng, SynthPlan *plan)
{
    for (const SynthPerson &p : persons) {
        if (!QDir().mkpath(imagesDir + u'/' + p.folder))
            return QStringLiteral("cannot create %1/%2").arg(imagesDir, p.folder);
        plan->trainCsv += QStringLiteral("%1,%2,Asian,%3,%4\n")
                              .arg(p.id, genderName(p.recordedGender))
                              .arg(p.recordedAge)
                              .arg(p.folder);
        plan->personsCsv +=
            QStringLiteral("%1,%2,%3\n").arg(p.folder, genderName(p.look.gender)).arg(p.look.age);
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            const QString path =
                QStringLiteral("%1/%2/%3.%4")
                    .arg(imagesDir, p.folder, photoSlotStem(slot), p.extension[size_t(slot)]);
            plan->jobs.push_back({&p.look, storedMaskState(p, slot),
                                  mixSeed(p.seed, 10, uint64_t(slot)), path,
                                  qualityRng.range(82, 95)});
        }
    }
    return {};
}

// The eval photos under random names (the folder made here), listed in an order unrelated to
// the persons.
QString planEval(const std::vector<PersonLook> &looks, const QString &evalImages, uint64_t seed,
                 Rng &qualityRng, SynthPlan *plan)
{
    Rng nameRng(mixSeed(seed, 6));
    if (!looks.empty() && !QDir().mkpath(evalImages))
        return QStringLiteral("cannot create %1").arg(evalImages);
    std::vector<std::pair<QString, int>> &rows = plan->evalRows;
    for (size_t i = 0; i < looks.size(); ++i) {
        const PersonLook &look = looks[i];
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            const QString name = hexName(nameRng);
            const AgeGroup group = AgeThresholds{}.groupOf(look.age);
            rows.push_back({name, classIndex(maskStateOfSlot(slot), look.gender, group)});
            plan->jobs.push_back({&look, maskStateOfSlot(slot), mixSeed(seed, 20 + i, slot),
                                  evalImages + u'/' + name, qualityRng.range(82, 95)});
        }
    }
    for (size_t i = rows.size(); i > 1; --i)
        std::swap(rows[i - 1], rows[size_t(nameRng.range(0, int(i) - 1))]);
    return {};
}

// Paints and writes every photo on the pool; the first photo that cannot be written, or
// "cancelled".
QString drawPhotos(const std::vector<ImageJob> &jobs, const SynthOptions &options,
                   const ProgressSink &progress)
{
    std::atomic<qint64> done{0};
    std::mutex errorMutex;
    QString writeError;
    const qint64 total = qint64(jobs.size());
    const cv::Size size(options.width, options.height);
    parallelFor(
        total, options.threads,
        [&](int64_t i) {
            const ImageJob &job = jobs[size_t(i)];
            const cv::Mat img = paintFace(*job.look, job.mask, job.seed, size);
            const bool written = writePhoto(job.path, img, job.jpegQuality);
            if (!written) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (writeError.isEmpty())
                    writeError = QStringLiteral("cannot write %1").arg(job.path);
            }
            const qint64 n = done.fetch_add(1) + 1;
            if (n % 50 == 0 || n == total)
                progress(QStringLiteral("Drawing photos"), n, total);
        },
        [&] { return progress.cancelled() || !writeError.isEmpty(); });
    if (writeError.isEmpty() && progress.cancelled())
        return QStringLiteral("cancelled");
    return writeError;
}

// train.csv and eval/info.csv in the dataset; eval_truth.csv, label_noise.csv and persons.csv in
// the truth folder.
QString writeTables(const QString &out, const QString &truthDir, const SynthPlan &plan,
                    const std::vector<SynthPerson> &persons, bool quirks)
{
    QString error;
    if (!writeTextFile(out + QStringLiteral("/train/train.csv"), plan.trainCsv, &error))
        return error;
    if (quirks && persons.size() >= 10) {
        // Junk the real data carries: macOS resource forks.
        const QString junk = out + QStringLiteral("/train/images/") + persons.front().folder +
                             QStringLiteral("/._mask1.jpg");
        if (!writeTextFile(junk, QStringLiteral("Mac OS X resource fork (junk)\n"), &error))
            return error;
    }
    if (!QDir().mkpath(truthDir))
        return QStringLiteral("cannot create %1").arg(truthDir);
    if (!plan.evalRows.empty()) {
        QString info = QStringLiteral("ImageID,ans\n");
        QString truth = QStringLiteral("ImageID,ans\n");
        for (const auto &[name, cls] : plan.evalRows) {
            info += name + QStringLiteral(",0\n");
            truth += QStringLiteral("%1,%2\n").arg(name).arg(cls);
        }
        if (!writeTextFile(out + QStringLiteral("/eval/info.csv"), info, &error) ||
            !writeTextFile(truthDir + QStringLiteral("/eval_truth.csv"), truth, &error))
            return error;
    }
    if (!writeTextFile(truthDir + QStringLiteral("/label_noise.csv"), noiseRows(persons), &error) ||
        !writeTextFile(truthDir + QStringLiteral("/persons.csv"), plan.personsCsv, &error))
        return error;
    return {};
}

} // namespace

SynthResult writeSynthDataset(const QString &outDir, const SynthOptions &options,
                              const ProgressSink &progress)
{
    QElapsedTimer timer;
    timer.start();
    SynthResult result;
    const QString out = QDir::cleanPath(QDir(outDir).absolutePath());
    result.truthDir = options.truthDir.isEmpty() ? out + QStringLiteral("-truth")
                                                 : QDir(options.truthDir).absolutePath();
    result.error = checkOptions(options, out, result.truthDir);
    if (!result.error.isEmpty())
        return result;

    PopulationOptions popOptions;
    popOptions.persons = options.persons;
    popOptions.seed = options.seed;
    popOptions.labelNoise = options.labelNoise;
    popOptions.quirks = options.quirks;
    const std::vector<SynthPerson> persons = planPopulation(popOptions);
    const std::vector<PersonLook> evalLooks = planEvalLooks(options.evalPersons, options.seed);
    for (const SynthPerson &p : persons)
        result.noisyPersons += p.noise == NoiseKind::None ? 0 : 1;

    SynthPlan plan;
    Rng qualityRng(mixSeed(options.seed, 5)); // train photos first, then eval: keep the order
    result.error = planTrain(persons, out + QStringLiteral("/train/images"), qualityRng, &plan);
    if (result.error.isEmpty())
        result.error = planEval(evalLooks, out + QStringLiteral("/eval/images"), options.seed,
                                qualityRng, &plan);
    if (result.error.isEmpty())
        result.error = drawPhotos(plan.jobs, options, progress);
    if (result.error.isEmpty())
        result.error = writeTables(out, result.truthDir, plan, persons, options.quirks);
    if (!result.error.isEmpty())
        return result;
    result.images = int(plan.jobs.size());
    result.ok = true;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

} // namespace masklab::synth
