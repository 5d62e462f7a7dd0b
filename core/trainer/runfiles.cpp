#include "runfiles.h"

#include "textfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace masklab::trainer {

namespace {

torch::serialize::OutputArchive checkpointArchive(Classifier &model,
                                                  torch::optim::Optimizer &optimizer,
                                                  const TrainingPosition &position)
{
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
        archive.write("world_size", torch::tensor(int64_t(position.worldSize)));
    }
    if (position.lossScale) {
        archive.write("loss_scale", torch::tensor(position.lossScale->scale, torch::kFloat64));
        archive.write("loss_scale_clean_steps", torch::tensor(position.lossScale->cleanSteps));
        archive.write("loss_scale_skipped_steps", torch::tensor(position.lossScale->skippedSteps));
    }
    return archive;
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
    if (!QDir().mkpath(m_dir)) {
        *error = QStringLiteral("cannot create the run folder %1").arg(m_dir);
        return false;
    }
    // Created exclusively: a second process starting a run of the same name is refused
    // instead of writing over this one.
    QFile claim(path(QStringLiteral("config.yaml")));
    if (!claim.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        *error =
            claim.exists()
                ? QStringLiteral("%1 already holds a run; resume it or choose "
                                 "another name")
                      .arg(m_dir)
                : QStringLiteral("cannot write %1: %2").arg(claim.fileName(), claim.errorString());
        return false;
    }
    const QByteArray yaml = trainConfigToYaml(config);
    if (claim.write(yaml) != yaml.size() || !claim.flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(claim.fileName(), claim.errorString());
        claim.remove();
        return false;
    }
    claim.close();
    return writeTextFile(path(QStringLiteral("metrics.csv")), epochMetricsCsvHeader(), error) &&
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
    const auto parsed = parseRunConfig(file.readAll(), file.fileName(), error);
    if (parsed)
        *config = *parsed;
    return bool(parsed);
}

bool RunFiles::appendMetrics(const EpochMetrics &m, QString *error) const
{
    return appendToFile(path(QStringLiteral("metrics.csv")), epochMetricsCsvRow(m).toUtf8(),
                        error) &&
           appendToFile(path(QStringLiteral("metrics.jsonl")), epochMetricsJson(m) + '\n', error);
}

bool RunFiles::appendBatch(const BatchRecord &batch, QString *error) const
{
    if (!m_batchesHaveLr) { // a run begun before the lr column keeps its file's columns
        QFile file(path(QStringLiteral("batches.csv")));
        m_batchesHaveLr =
            !file.open(QIODevice::ReadOnly) || file.readLine().trimmed().endsWith(",lr");
    }
    return appendToFile(path(QStringLiteral("batches.csv")), batchCsvRow(batch, *m_batchesHaveLr),
                        error);
}

std::vector<EpochMetrics> RunFiles::readHistory() const
{
    return readRunHistory(m_dir);
}

bool RunFiles::saveCheckpoint(const QString &name, Classifier &model,
                              torch::optim::Optimizer &optimizer, const TrainingPosition &position,
                              QString *error) const
{
    // Written aside and renamed over the old one once complete: the previous checkpoint stays
    // whole until then.
    const auto produce = [&](const ChunkWriter &write, QString *reason) {
        auto writer = [&](const void *data, size_t size) -> size_t {
            write(static_cast<const char *>(data), qint64(size));
            // Never a short count: LibTorch 1.13 then throws from a destructor, which ends the
            // process. The writer keeps the failure and reports it instead.
            return size;
        };
        try {
            checkpointArchive(model, optimizer, position).save_to(writer);
        } catch (const c10::Error &e) {
            *reason = QString::fromStdString(e.what_without_backtrace());
            return false;
        }
        return true;
    };
    QString why;
    if (!writeFileAtomically(path(name), produce, &why)) {
        *error = QStringLiteral("cannot write the checkpoint (is the disk full or the folder "
                                "read-only?): %1; the previous %2 is kept")
                     .arg(why, name);
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
            torch::Tensor worldSize; // absent before distributed runs: one process
            if (archive.try_read("world_size", worldSize))
                p.worldSize = int(worldSize.item<int64_t>());
        }
        torch::Tensor lossScale; // fp16 runs only
        if (archive.try_read("loss_scale", lossScale)) {
            LossScaleState state;
            state.scale = lossScale.item<double>();
            state.cleanSteps = read("loss_scale_clean_steps").item<int64_t>();
            state.skippedSteps = read("loss_scale_skipped_steps").item<int64_t>();
            p.lossScale = state;
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
