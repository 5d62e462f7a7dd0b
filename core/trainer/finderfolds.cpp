#include "finderfolds.h"

#include "csvtable.h"
#include "samples.h"
#include "textfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace masklab::trainer {

using finder::FinderRun;
using finder::PhotoPrediction;

namespace {
QString readSmallFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
}

} // namespace

bool FinderFolds::prepare(QString *error)
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
        m_foldOf = drawFolds(m_effective.labels, m_effective.thresholds, k,
                             uint64_t(m_options.config.split.seed));
        m_newFoldsText = foldFileText(m_effective.labels, m_foldOf);
    }
    return true;
}

PersonSplit FinderFolds::split(int fold) const
{
    QString ignored; // prepare() checked that every person has a fold
    return foldFileSplit(m_effective.labels, m_foldOf, fold, &ignored).value_or(PersonSplit{});
}

QString FinderFolds::fingerprint(int fold) const
{
    return finder::trainingFingerprint(m_effective.labels, split(fold).train,
                                       m_effective.thresholds);
}

FoldState FinderFolds::stateOf(int fold) const
{
    const QString dir = m_run.foldDir(fold);
    if (!QFileInfo::exists(dir))
        return FoldState::Fresh;
    if (readSmallFile(dir + u'/' + QLatin1String(kFingerprintFile)) != fingerprint(fold))
        return FoldState::Stale;
    if (readRunStatus(dir).state == RunStatus::State::Finished &&
        QFile::exists(dir + QStringLiteral("/validation_predictions.csv")))
        return FoldState::Done;
    return QFile::exists(dir + QStringLiteral("/last.pt")) ? FoldState::Resume : FoldState::Stale;
}

TrainConfig FinderFolds::foldConfig(int fold) const
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

bool FinderFolds::writeFoldsFile(QString *error) const
{
    if (!QDir().mkpath(m_run.dir())) {
        *error = QStringLiteral("cannot create %1").arg(m_run.dir());
        return false;
    }
    return m_newFoldsText.isEmpty() || writeTextFile(m_run.foldsFile(), m_newFoldsText, error);
}

// The fold's validation probabilities (its best epoch's), matched to photos by folder and file
// name, so a dataset that moved since still matches.
bool FinderFolds::readPredictions(int fold, std::vector<PhotoPrediction> &rows,
                                  QStringList &skipped, QString *error) const
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

int FinderFolds::epochsDone(int fold) const
{
    return int(readRunHistory(m_run.foldDir(fold)).size());
}

int FinderFolds::photos() const
{
    const PersonSplit s = split(0);
    return int(collectSamples(m_effective.labels, s.train, m_effective.thresholds).size() +
               collectSamples(m_effective.labels, s.validation, m_effective.thresholds).size());
}

} // namespace masklab::trainer
