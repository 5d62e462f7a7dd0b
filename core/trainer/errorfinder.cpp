// The error finder's job: K folds trained (or reused, or resumed) through train(), their
// validation probabilities gathered into the out-of-fold table, then scored. Torch-free: the
// folds train through trainer.h like any run.

#include "errorfinder.h"

#include "csvtable.h"
#include "effectivelabels.h"
#include "personsplit.h"
#include "samples.h"
#include "textfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace masklab::trainer {

using finder::FinderRun;
using finder::PhotoPrediction;

namespace {

const QString kFingerprintFile = QStringLiteral("fingerprint.txt");

enum class FoldState
{
    Done,   // trained on these labels: reuse its predictions
    Resume, // stopped on these labels: continue from last.pt
    Fresh,  // nothing there yet
    Stale   // trained on other labels, or broken: removed and trained again
};

QString readSmallFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
}

// The pace of the most recent earlier run of the same model, input size and batch size.
struct Pace
{
    double imagesPerSecond = 0;
    QString source;
};

std::optional<Pace> earlierPace(const QString &workspaceDir, const TrainConfig &config)
{
    QStringList dirs = listRunFolders(workspaceDir);
    const QDir finderDir(workspaceDir + QStringLiteral("/finder"));
    for (const QString &run : finderDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        for (const QString &fold :
             QDir(finderDir.filePath(run)).entryList({QStringLiteral("fold-*")}, QDir::Dirs))
            dirs << finderDir.filePath(run + u'/' + fold);
    std::optional<Pace> best;
    QDateTime newest;
    for (const QString &dir : dirs) {
        QString ignored;
        const auto other = parseTrainConfig(
            readSmallFile(dir + QStringLiteral("/config.yaml")).toUtf8(), dir, &ignored);
        const std::vector<EpochMetrics> history = readRunHistory(dir);
        const QDateTime modified = QFileInfo(dir + QStringLiteral("/metrics.jsonl")).lastModified();
        if (!other || history.empty() || (best && modified <= newest) ||
            other->model.architecture != config.model.architecture ||
            other->model.width != config.model.width ||
            other->data.inputWidth != config.data.inputWidth ||
            other->data.inputHeight != config.data.inputHeight ||
            other->train.batchSize != config.train.batchSize)
            continue;
        std::vector<double> rates;
        for (const EpochMetrics &m : history)
            rates.push_back(m.imagesPerSecond);
        std::nth_element(rates.begin(), rates.begin() + long(rates.size() / 2), rates.end());
        best = Pace{rates[rates.size() / 2], dir};
        newest = modified;
    }
    return best;
}

// Everything a finder call works from, worked out without writing anything.
class FinderJob
{
public:
    explicit FinderJob(const FinderOptions &options) : m_options(options) {}

    bool prepare(QString *error);
    FoldState stateOf(int fold) const;
    int epochsDone(int fold) const { return int(readRunHistory(m_run.foldDir(fold)).size()); }
    TrainConfig foldConfig(int fold) const;
    PersonSplit split(int fold) const;
    QString fingerprint(int fold) const;
    bool writeFoldsFile(QString *error) const;
    bool readPredictions(int fold, std::vector<PhotoPrediction> &rows, QStringList &skipped,
                         QString *error) const;

    const FinderOptions &options() const { return m_options; }
    const EffectiveLabels &effective() const { return m_effective; }
    const FinderRun &run() const { return m_run; }
    int photos() const
    {
        return int(
            collectSamples(m_effective.labels, split(0).train, m_effective.thresholds).size() +
            collectSamples(m_effective.labels, split(0).validation, m_effective.thresholds).size());
    }

private:
    FinderOptions m_options;
    EffectiveLabels m_effective;
    FinderRun m_run{QString()};
    FoldOfFolder m_foldOf;
    QString m_newFoldsText; // set when folds.csv must be (re)written
};

bool FinderJob::prepare(QString *error)
{
    const int k = m_options.folds;
    if (k < 2 || k > 20) {
        *error = QStringLiteral("--folds: %1 is not allowed (2..20)").arg(k);
        return false;
    }
    const QString problem = checkTrainConfig(m_options.config);
    if (!problem.isEmpty()) {
        *error = problem;
        return false;
    }
    m_effective = loadEffectiveLabels(m_options.config.data);
    if (!m_effective.ok) {
        *error = m_effective.error;
        return false;
    }
    m_run = FinderRun::forConfig(m_effective.workspaceDir, m_options.config, k);
    // Folds drawn once and kept, so a relabel does not reshuffle every person.
    QString ignored;
    if (const auto kept = readFoldFile(m_run.foldsFile(), k, &ignored))
        if (foldFileSplit(m_effective.labels, *kept, 0, &ignored))
            m_foldOf = *kept;
    if (m_foldOf.isEmpty()) {
        m_newFoldsText = foldFileText(m_effective.labels, m_effective.thresholds, k,
                                      uint64_t(m_options.config.split.seed));
        for (const QString &line : m_newFoldsText.split(u'\n', Qt::SkipEmptyParts).mid(1))
            m_foldOf.insert(line.section(u',', 0, -2), line.section(u',', -1).toInt());
    }
    return true;
}

PersonSplit FinderJob::split(int fold) const
{
    QString ignored; // prepare() checked that every person has a fold
    return foldFileSplit(m_effective.labels, m_foldOf, fold, &ignored).value_or(PersonSplit{});
}

QString FinderJob::fingerprint(int fold) const
{
    return finder::trainingFingerprint(m_effective.labels, split(fold).train,
                                       m_effective.thresholds);
}

FoldState FinderJob::stateOf(int fold) const
{
    const QString dir = m_run.foldDir(fold);
    if (!QFileInfo::exists(dir))
        return FoldState::Fresh;
    if (readSmallFile(dir + u'/' + kFingerprintFile) != fingerprint(fold))
        return FoldState::Stale;
    if (readRunStatus(dir).state == RunStatus::State::Finished &&
        QFile::exists(dir + QStringLiteral("/validation_predictions.csv")))
        return FoldState::Done;
    return QFile::exists(dir + QStringLiteral("/last.pt")) ? FoldState::Resume : FoldState::Stale;
}

TrainConfig FinderJob::foldConfig(int fold) const
{
    TrainConfig c = m_options.config;
    c.data.dataset = m_effective.datasetRoot;
    c.data.workspace = m_effective.workspaceDir;
    c.split.folds = m_options.folds;
    c.split.fold = fold;
    c.split.foldsFile = m_run.foldsFile();
    c.train.runName = QFileInfo(m_run.foldDir(fold)).fileName();
    return c;
}

bool FinderJob::writeFoldsFile(QString *error) const
{
    if (!QDir().mkpath(m_run.dir())) {
        *error = QStringLiteral("cannot create %1").arg(m_run.dir());
        return false;
    }
    return m_newFoldsText.isEmpty() || writeTextFile(m_run.foldsFile(), m_newFoldsText, error);
}

// The fold's validation probabilities (its best epoch's), matched to photos by folder and file
// name, so a dataset that moved since still matches.
bool FinderJob::readPredictions(int fold, std::vector<PhotoPrediction> &rows, QStringList &skipped,
                                QString *error) const
{
    const QString path = m_run.foldDir(fold) + QStringLiteral("/validation_predictions.csv");
    const auto table = readCsvFile(path, error);
    if (!table)
        return false;
    const int pathColumn = table->column(QStringLiteral("path"));
    const int first = table->column(QStringLiteral("p0"));
    if (pathColumn < 0 || first < 0 || !table->syntaxError.isEmpty()) {
        *error = QStringLiteral("%1: not a validation predictions file").arg(path);
        return false;
    }
    QHash<QString, const CsvRecord *> byPhoto;
    for (const CsvRecord &r : table->records) {
        const QFileInfo file(table->field(r, pathColumn));
        byPhoto.insert(file.dir().dirName() + u'/' + file.fileName(), &r);
    }
    const LabeledDataset &labels = m_effective.labels;
    for (const Sample &s : collectSamples(labels, split(fold).validation, m_effective.thresholds)) {
        const Person &p = labels.person(s.person);
        const QString key = p.folder + u'/' + p.photos[size_t(s.slot)].fileName;
        const CsvRecord *r = byPhoto.value(key);
        if (!r) {
            skipped << key;
            continue;
        }
        PhotoPrediction row{p.folder, s.slot, fold, {}};
        for (int c = 0; c < kClassCount; ++c)
            row.probabilities[size_t(c)] = table->field(*r, first + c).toFloat();
        rows.push_back(row);
    }
    return true;
}

} // namespace

double finderShareDone(const FinderEvent &e)
{
    if (e.foldsToTrain <= 0)
        return 1;
    const double inFold =
        e.train.epochs > 0
            ? epochPosition(e.train.epoch, e.train.batch, e.train.batches) / e.train.epochs
            : 0;
    return std::clamp((e.foldsTrained + inFold) / e.foldsToTrain, 0.0, 1.0);
}

FinderPlan planErrorFinder(const FinderOptions &options)
{
    FinderPlan plan;
    FinderJob job(options);
    if (!job.prepare(&plan.error))
        return plan;
    plan.dir = job.run().dir();
    plan.folds = options.folds;
    plan.photos = job.photos();
    const std::optional<Pace> pace = earlierPace(job.effective().workspaceDir, options.config);
    double seconds = 0;
    for (int fold = 0; fold < options.folds; ++fold) {
        const FoldState state = job.stateOf(fold);
        if (state == FoldState::Done) {
            ++plan.foldsReusable;
            continue;
        }
        ++plan.foldsToTrain;
        const int epochs =
            options.config.train.epochs - (state == FoldState::Resume ? job.epochsDone(fold) : 0);
        // Training photos at the earlier pace; validating a photo costs about a third as much
        // (a forward pass only).
        const double perEpoch =
            plan.photos * ((options.folds - 1.0) / options.folds + 1.0 / (3.0 * options.folds));
        if (pace)
            seconds += std::max(0, epochs) * perEpoch / std::max(1e-9, pace->imagesPerSecond);
    }
    if (pace) {
        plan.seconds = seconds;
        plan.paceSource = pace->source;
    }
    plan.ok = true;
    return plan;
}

namespace {

// Tells the sink, with the fold counters every event carries.
struct Reporter
{
    const FinderSink &sink;
    int folds = 0;
    int foldsToTrain = 0;
    int foldsTrained = 0;

    void tell(FinderEvent::Kind kind, int fold, const QString &message = {}) const
    {
        FinderEvent e;
        e.kind = kind;
        e.fold = fold;
        e.folds = folds;
        e.foldsToTrain = foldsToTrain;
        e.foldsTrained = foldsTrained;
        e.message = message;
        sink(e);
    }
};

bool searchDuplicates(const FinderJob &job, const Reporter &report, const std::atomic<bool> *cancel,
                      FinderOutcome &outcome)
{
    ProgressSink progress;
    progress.cancel = cancel;
    progress.report = [&report](const QString &phase, qint64 done, qint64 total) {
        FinderEvent e;
        e.kind = FinderEvent::Kind::Phase;
        e.folds = report.folds;
        e.message = phase;
        e.done = done;
        e.total = total;
        report.sink(e);
    };
    const QString workspace = job.effective().workspaceDir;
    const finder::DuplicateResult found = finder::findDuplicates(
        job.effective().labels, workspace + QStringLiteral("/finder/image_hashes.csv"),
        job.options().duplicateOptions, progress);
    if (!found.ok) {
        outcome.cancelled = progress.cancelled();
        outcome.error = found.error;
        return false;
    }
    outcome.undecodable = found.undecodable;
    outcome.duplicateImages = found.images;
    return writeTextFile(finder::duplicatesFile(workspace), finder::suspectsCsv(found.suspects),
                         &outcome.error);
}

// Trains one fold (fresh or resumed) into its folder; false when it failed or was stopped.
bool trainFold(const FinderJob &job, int fold, FoldState state, Reporter &report,
               const std::atomic<bool> *cancel, FinderOutcome &outcome)
{
    const QString dir = job.run().foldDir(fold);
    if (state == FoldState::Stale && !QDir(dir).removeRecursively()) {
        outcome.error = QStringLiteral("cannot remove the outdated fold %1").arg(dir);
        return false;
    }
    const bool resume = state == FoldState::Resume;
    if (!resume && (!QDir().mkpath(dir) || !writeTextFile(dir + u'/' + kFingerprintFile,
                                                          job.fingerprint(fold), &outcome.error)))
        return false;
    report.tell(FinderEvent::Kind::FoldStarted, fold + 1,
                resume ? QStringLiteral("resuming") : QString());
    const auto forward = [&report, fold](const TrainEvent &t) {
        FinderEvent e;
        e.kind = FinderEvent::Kind::Training;
        e.fold = fold + 1;
        e.folds = report.folds;
        e.foldsToTrain = report.foldsToTrain;
        e.foldsTrained = report.foldsTrained;
        e.train = t;
        report.sink(e);
    };
    QElapsedTimer timer;
    timer.start();
    const TrainResult result = train(job.foldConfig(fold), dir, forward, cancel, resume);
    outcome.seconds += timer.elapsed() / 1000.0;
    if (!result.ok) {
        outcome.error = QStringLiteral("fold %1: %2").arg(fold + 1).arg(result.error);
        return false;
    }
    if (result.cancelled) {
        outcome.cancelled = true;
        return false;
    }
    ++report.foldsTrained;
    ++outcome.trainedFolds;
    return true;
}

// The out-of-fold table, the run's summary and the ranked suspects, written into the run.
bool assemble(const FinderJob &job, FinderOutcome &outcome)
{
    std::vector<PhotoPrediction> rows;
    for (int fold = 0; fold < job.options().folds; ++fold)
        if (!job.readPredictions(fold, rows, outcome.skipped, &outcome.error))
            return false;
    const FinderRun &run = job.run();
    finder::FinderRunInfo info;
    info.folds = job.options().folds;
    info.config = FinderRun::configHash(job.options().config, info.folds);
    info.finished = QDateTime::currentDateTimeUtc();
    info.seconds = outcome.seconds;
    info.reusedFolds = outcome.reusedFolds;
    info.labels = finder::personLabelSignatures(job.effective().labels);
    info.skipped = outcome.skipped;
    if (!writeTextFile(run.outOfFoldFile(), finder::outOfFoldCsv(rows), &outcome.error) ||
        !run.writeInfo(info, &outcome.error))
        return false;
    QFile::remove(run.suspectsJsonFile()); // the list of an earlier call: scored anew below
    const auto results =
        finder::loadFinderResults(run, job.effective().workspaceDir, job.effective().labels,
                                  job.effective().thresholds, &outcome.error);
    if (!results)
        return false;
    outcome.results = *results;
    return writeTextFile(run.suspectsCsvFile(), finder::suspectsCsv(results->suspects),
                         &outcome.error) &&
           writeTextFile(run.suspectsJsonFile(),
                         QString::fromUtf8(finder::suspectsJson(results->suspects)),
                         &outcome.error);
}

} // namespace

FinderOutcome findErrors(const FinderOptions &options, const FinderSink &sink,
                         const std::atomic<bool> *cancel)
{
    FinderOutcome outcome;
    FinderJob job(options);
    Reporter report{sink, options.folds};
    const auto end = [&] {
        if (!outcome.ok && !outcome.cancelled)
            report.tell(FinderEvent::Kind::Failed, 0, outcome.error);
        else
            report.tell(FinderEvent::Kind::Finished, 0,
                        outcome.cancelled ? QStringLiteral("stopped") : QStringLiteral("done"));
        return outcome;
    };
    if (!job.prepare(&outcome.error))
        return end();
    outcome.dir = job.run().dir();
    if (options.duplicates && !searchDuplicates(job, report, cancel, outcome))
        return end();
    if (!job.writeFoldsFile(&outcome.error))
        return end();
    std::vector<FoldState> states;
    for (int fold = 0; fold < options.folds; ++fold) {
        states.push_back(job.stateOf(fold));
        report.foldsToTrain += states.back() == FoldState::Done ? 0 : 1;
    }
    for (int fold = 0; fold < options.folds; ++fold) {
        if (states[size_t(fold)] == FoldState::Done) {
            ++outcome.reusedFolds;
            report.tell(FinderEvent::Kind::FoldReused, fold + 1);
        } else if (!trainFold(job, fold, states[size_t(fold)], report, cancel, outcome)) {
            return end();
        }
    }
    outcome.ok = assemble(job, outcome);
    return end();
}

} // namespace masklab::trainer
