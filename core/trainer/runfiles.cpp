#include "runfiles.h"

#include "textfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace masklab::trainer {

namespace {
bool append(const QString &path, const QByteArray &line, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(line) != line.size() ||
        !file.flush()) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
// A checkpoint LibTorch cannot read: cut short, damaged, or of another model than config.yaml's.
QString checkpointError(const QString &path, const c10::Error &e)
{
    return QStringLiteral("cannot read the checkpoint %1: it is damaged, cut short or not this "
                          "run's model (LibTorch: %2)")
        .arg(path,
             QString::fromStdString(e.what_without_backtrace()).section(u'\n', 0, 0).trimmed());
}
} // namespace

torch::Tensor cpuRngState()
{
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    return generator.get_state();
}

void setCpuRngState(const torch::Tensor &state)
{
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state);
}

bool RunFiles::create(const TrainConfig &config, QString *error) const
{
    if (QFile::exists(path(QStringLiteral("config.yaml")))) {
        *error =
            QStringLiteral("%1 already holds a run; resume it or choose another name").arg(m_dir);
        return false;
    }
    if (!QDir().mkpath(m_dir)) {
        *error = QStringLiteral("cannot create the run folder %1").arg(m_dir);
        return false;
    }
    return writeTextFile(path(QStringLiteral("config.yaml")),
                         QString::fromUtf8(trainConfigToYaml(config)), error) &&
           writeTextFile(path(QStringLiteral("metrics.csv")), epochMetricsCsvHeader(), error) &&
           writeTextFile(path(QStringLiteral("metrics.jsonl")), QString(), error) &&
           writeTextFile(path(QStringLiteral("batches.csv")), QString::fromUtf8(batchCsvHeader()),
                         error);
}

bool RunFiles::readConfig(TrainConfig *config, QString *error) const
{
    QFile file(path(QStringLiteral("config.yaml")));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: no run to resume here (%2)").arg(m_dir, file.errorString());
        return false;
    }
    const auto parsed = parseTrainConfig(file.readAll(), file.fileName(), error);
    if (parsed)
        *config = *parsed;
    return bool(parsed);
}

bool RunFiles::appendMetrics(const EpochMetrics &m, QString *error) const
{
    return append(path(QStringLiteral("metrics.csv")), epochMetricsCsvRow(m).toUtf8(), error) &&
           append(path(QStringLiteral("metrics.jsonl")), epochMetricsJson(m) + '\n', error);
}

bool RunFiles::appendBatch(const BatchRecord &batch, QString *error) const
{
    return append(path(QStringLiteral("batches.csv")), batchCsvRow(batch), error);
}

std::vector<EpochMetrics> RunFiles::readHistory() const
{
    return readRunHistory(m_dir);
}

bool RunFiles::saveCheckpoint(const QString &name, Classifier &model,
                              torch::optim::Optimizer &optimizer, const TrainingPosition &position,
                              QString *error) const
{
    const QString target = path(name);
    const QString temp = target + QStringLiteral(".part");
    try {
        torch::serialize::OutputArchive archive;
        model->save(archive);
        torch::serialize::OutputArchive optimizerArchive;
        optimizer.save(optimizerArchive);
        archive.write("optimizer", optimizerArchive);
        archive.write("epoch", torch::tensor(int64_t(position.epoch)));
        archive.write("best_macro_f1", torch::tensor(position.bestMacroF1, torch::kFloat64));
        if (position.batchesDone > 0) {
            archive.write("batches_done", torch::tensor(int64_t(position.batchesDone)));
            archive.write("loss_sum", torch::tensor(position.lossSum, torch::kFloat64));
            archive.write("seen", torch::tensor(int64_t(position.seen)));
            archive.write("failed", torch::tensor(int64_t(position.failed)));
            archive.write("train_seconds", torch::tensor(position.trainSeconds, torch::kFloat64));
            archive.write("rng_state", position.rngState);
        }
        archive.save_to(QFile::encodeName(temp).toStdString());
    } catch (const c10::Error &e) {
        QFile::remove(temp);
        *error = QStringLiteral("cannot write the checkpoint %1: %2")
                     .arg(temp, QString::fromStdString(e.what_without_backtrace()));
        return false;
    }
    // The previous checkpoint stays until the new one is complete.
    if (::rename(QFile::encodeName(temp).constData(), QFile::encodeName(target).constData()) != 0) {
        QFile::remove(temp);
        *error = QStringLiteral("cannot replace %1").arg(target);
        return false;
    }
    return true;
}

bool RunFiles::loadCheckpoint(const QString &name, Classifier &model,
                              torch::optim::Optimizer &optimizer, TrainingPosition *position,
                              QString *error) const
{
    if (!QFileInfo::exists(path(name))) {
        *error = QStringLiteral("%1 has no %2 to resume from: the run stopped before it saved "
                                "its first checkpoint; start it again")
                     .arg(m_dir, name);
        return false;
    }
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(QFile::encodeName(path(name)).toStdString());
        model->load(archive);
        torch::serialize::InputArchive optimizerArchive;
        archive.read("optimizer", optimizerArchive);
        optimizer.load(optimizerArchive);
        // A fresh tensor per key: reading into a defined one would reuse its type.
        const auto read = [&archive](const char *key) {
            torch::Tensor value;
            archive.read(key, value);
            return value;
        };
        TrainingPosition p;
        p.epoch = int(read("epoch").item<int64_t>());
        p.bestMacroF1 = read("best_macro_f1").item<double>();
        torch::Tensor batchesDone;
        if (archive.try_read("batches_done", batchesDone)) { // saved in the middle of an epoch
            p.batchesDone = int(batchesDone.item<int64_t>());
            p.lossSum = read("loss_sum").item<double>();
            p.seen = read("seen").item<int64_t>();
            p.failed = int(read("failed").item<int64_t>());
            p.trainSeconds = read("train_seconds").item<double>();
            p.rngState = read("rng_state");
        }
        *position = p;
        return true;
    } catch (const c10::Error &e) {
        *error = checkpointError(path(name), e);
        return false;
    }
}

bool RunFiles::loadWeights(const QString &name, Classifier &model, QString *error) const
{
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(QFile::encodeName(path(name)).toStdString());
        model->load(archive);
        return true;
    } catch (const c10::Error &e) {
        *error = checkpointError(path(name), e);
        return false;
    }
}

bool RunFiles::saveValidation(const ConfusionMatrix &confusion,
                              const std::vector<std::pair<int, std::vector<float>>> &probabilities,
                              const std::vector<Sample> &samples, QString *error) const
{
    QString csv = QStringLiteral("path,truth,predicted");
    for (int c = 0; c < kClassCount; ++c)
        csv += QStringLiteral(",p%1").arg(c);
    csv += u'\n';
    for (const auto &[sample, p] : probabilities) {
        const int predicted = int(std::max_element(p.begin(), p.end()) - p.begin());
        csv += QStringLiteral("%1,%2,%3")
                   .arg(samples[size_t(sample)].path)
                   .arg(samples[size_t(sample)].label)
                   .arg(predicted);
        for (float v : p)
            csv += u',' + QString::number(v, 'g', 6);
        csv += u'\n';
    }
    return writeTextFile(path(QStringLiteral("confusion_matrix.csv")), confusion.toCsv(), error) &&
           writeTextFile(path(QStringLiteral("validation_predictions.csv")), csv, error);
}

} // namespace masklab::trainer
