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

#include <opencv2/imgcodecs.hpp>

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
    auto fail = [&](const QString &message) {
        result.error = message;
        return result;
    };
    if (options.persons < 1 || options.evalPersons < 0)
        return fail(QStringLiteral("--persons must be at least 1 and --eval-persons at least 0"));
    if (options.width < 32 || options.height < 32 || options.width > 4096 || options.height > 4096)
        return fail(QStringLiteral("--size must be between 32x32 and 4096x4096"));
    if (options.labelNoise < 0 || options.labelNoise > 1)
        return fail(QStringLiteral("--label-noise must be between 0 and 1"));
    for (const QString &dir : {out, result.truthDir}) {
        if (QDir(dir).exists() &&
            !QDir(dir).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
            return fail(QStringLiteral("%1 exists and is not empty; synth never overwrites "
                                       "files, choose a new folder")
                            .arg(dir));
    }
    if (result.truthDir.startsWith(out + u'/'))
        return fail(QStringLiteral("the truth folder must be outside the dataset folder"));

    PopulationOptions popOptions;
    popOptions.persons = options.persons;
    popOptions.seed = options.seed;
    popOptions.labelNoise = options.labelNoise;
    popOptions.quirks = options.quirks;
    const std::vector<SynthPerson> persons = planPopulation(popOptions);
    const std::vector<PersonLook> evalLooks = planEvalLooks(options.evalPersons, options.seed);

    Rng qualityRng(mixSeed(options.seed, 5));
    std::vector<ImageJob> jobs;
    const QString imagesDir = out + QStringLiteral("/train/images");
    QString trainCsv = QStringLiteral("id,gender,race,age,path\n");
    QString personsCsv = QStringLiteral("folder,true_gender,true_age\n");
    for (const SynthPerson &p : persons) {
        if (!QDir().mkpath(imagesDir + u'/' + p.folder))
            return fail(QStringLiteral("cannot create %1/%2").arg(imagesDir, p.folder));
        trainCsv += QStringLiteral("%1,%2,Asian,%3,%4\n")
                        .arg(p.id, genderName(p.recordedGender))
                        .arg(p.recordedAge)
                        .arg(p.folder);
        personsCsv +=
            QStringLiteral("%1,%2,%3\n").arg(p.folder, genderName(p.look.gender)).arg(p.look.age);
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            const QString path =
                QStringLiteral("%1/%2/%3.%4")
                    .arg(imagesDir, p.folder, photoSlotStem(slot), p.extension[size_t(slot)]);
            jobs.push_back({&p.look, storedMaskState(p, slot), mixSeed(p.seed, 10, uint64_t(slot)),
                            path, qualityRng.range(82, 95)});
        }
        result.noisyPersons += p.noise == NoiseKind::None ? 0 : 1;
    }

    Rng nameRng(mixSeed(options.seed, 6));
    std::vector<std::pair<QString, int>> evalRows; // ImageID, true class
    const QString evalImages = out + QStringLiteral("/eval/images");
    if (!evalLooks.empty() && !QDir().mkpath(evalImages))
        return fail(QStringLiteral("cannot create %1").arg(evalImages));
    for (size_t i = 0; i < evalLooks.size(); ++i) {
        const PersonLook &look = evalLooks[i];
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            const QString name = hexName(nameRng);
            const AgeGroup group = AgeThresholds{}.groupOf(look.age);
            evalRows.push_back({name, classIndex(maskStateOfSlot(slot), look.gender, group)});
            jobs.push_back({&look, maskStateOfSlot(slot), mixSeed(options.seed, 20 + i, slot),
                            evalImages + u'/' + name, qualityRng.range(82, 95)});
        }
    }
    for (size_t i = evalRows.size(); i > 1; --i) // info.csv order is unrelated to persons
        std::swap(evalRows[i - 1], evalRows[size_t(nameRng.range(0, int(i) - 1))]);

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
            std::vector<int> params;
            if (job.path.endsWith(QLatin1String(".png")))
                params = {cv::IMWRITE_PNG_COMPRESSION, 1};
            else
                params = {cv::IMWRITE_JPEG_QUALITY, job.jpegQuality};
            bool written = false;
            try {
                written = cv::imwrite(QFile::encodeName(job.path).toStdString(), img, params);
            } catch (const cv::Exception &) {
            }
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
    if (!writeError.isEmpty())
        return fail(writeError);
    if (progress.cancelled())
        return fail(QStringLiteral("cancelled"));

    if (!writeTextFile(out + QStringLiteral("/train/train.csv"), trainCsv, &result.error))
        return result;
    if (options.quirks && persons.size() >= 10) {
        // Junk the real data carries: macOS resource forks.
        const QString junk =
            imagesDir + u'/' + persons.front().folder + QStringLiteral("/._mask1.jpg");
        if (!writeTextFile(junk, QStringLiteral("Mac OS X resource fork (junk)\n"), &result.error))
            return result;
    }
    if (!evalRows.empty()) {
        QString info = QStringLiteral("ImageID,ans\n");
        QString truth = QStringLiteral("ImageID,ans\n");
        for (const auto &[name, cls] : evalRows) {
            info += name + QStringLiteral(",0\n");
            truth += QStringLiteral("%1,%2\n").arg(name).arg(cls);
        }
        if (!writeTextFile(out + QStringLiteral("/eval/info.csv"), info, &result.error))
            return result;
        if (!QDir().mkpath(result.truthDir) ||
            !writeTextFile(result.truthDir + QStringLiteral("/eval_truth.csv"), truth,
                           &result.error))
            return fail(result.error.isEmpty()
                            ? QStringLiteral("cannot create %1").arg(result.truthDir)
                            : result.error);
    }
    if (!QDir().mkpath(result.truthDir))
        return fail(QStringLiteral("cannot create %1").arg(result.truthDir));
    if (!writeTextFile(result.truthDir + QStringLiteral("/label_noise.csv"), noiseRows(persons),
                       &result.error) ||
        !writeTextFile(result.truthDir + QStringLiteral("/persons.csv"), personsCsv, &result.error))
        return result;
    result.images = int(total);
    result.ok = true;
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

} // namespace masklab::synth
