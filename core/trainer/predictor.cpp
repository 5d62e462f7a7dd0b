// Prediction on the eval set with a trained run, and the state-dict export.

#include "batchloader.h"
#include "csvtable.h"
#include "models.h"
#include "runfiles.h"
#include "statedictfile.h"
#include "textfile.h"
#include "trainer.h"
#include "trainingsetup.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <thread>

namespace masklab::trainer {

namespace {

// Reads a run's config and loads the checkpoint into a model on the CPU or the GPU.
bool loadRun(const QString &runDir, const QString &checkpoint, TrainConfig *config,
             Classifier *model, QString *error)
{
    const RunFiles files(QDir(runDir).absolutePath());
    if (!files.readConfig(config, error))
        return false;
    if (checkpoint != QLatin1String("best") && checkpoint != QLatin1String("last")) {
        *error = QStringLiteral("--checkpoint must be best or last, got %1").arg(checkpoint);
        return false;
    }
    *model = Classifier(config->model);
    return files.loadWeights(checkpoint + QStringLiteral(".pt"), *model, error);
}

} // namespace

PredictResult predict(const QString &runDir, const QString &checkpoint, const QString &evalDir,
                      const QString &outCsv, const ProgressSink &progress)
{
    PredictResult result;
    TrainConfig config;
    Classifier model(nullptr);
    if (!loadRun(runDir, checkpoint, &config, &model, &result.error))
        return result;
    const QString dir = QFileInfo::exists(evalDir + QStringLiteral("/info.csv"))
                            ? evalDir
                            : evalDir + QStringLiteral("/eval");
    QString error;
    const auto table = readCsvFile(dir + QStringLiteral("/info.csv"), &error);
    if (!table) {
        result.error = QStringLiteral("%1/info.csv: %2").arg(dir, error);
        return result;
    }
    const int idColumn = table->column(QStringLiteral("ImageID"));
    if (idColumn < 0 || !table->syntaxError.isEmpty()) {
        result.error =
            QStringLiteral("%1/info.csv: %2")
                .arg(dir, table->syntaxError.isEmpty() ? QStringLiteral("no ImageID column")
                                                       : table->syntaxError);
        return result;
    }
    std::vector<Sample> samples;
    QStringList ids;
    for (const CsvRecord &record : table->records) {
        ids << table->field(record, idColumn);
        samples.push_back({dir + QStringLiteral("/images/") + ids.back(), 0, -1, -1});
    }

    torch::set_num_threads(config.train.threads > 0
                               ? config.train.threads
                               : int(std::max(1u, std::thread::hardware_concurrency())));
    QString ignored; // predicting on the CPU when CUDA is absent needs no warning
    const torch::Device device = chooseDevice(config.train.device, &ignored);
    model->to(device);
    model->eval();
    torch::NoGradGuard noGrad;
    // Batches of 64 keep memory flat however large the eval set is.
    BatchLoader loader(samples, pipelineOptions(config, false), 64,
                       std::max(1, config.train.workers));
    std::vector<int> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    loader.startEpoch(order, 0);
    std::vector<int> answers(samples.size(), 0);
    std::vector<std::vector<float>> probabilities(samples.size(),
                                                  std::vector<float>(kClassCount, 0.0f));
    std::vector<bool> decoded(samples.size(), false);
    const PipelineOptions &o = loader.options();
    qint64 done = 0;
    const qint64 total = qint64(samples.size());
    progress(QStringLiteral("Predicting"), 0, total);
    while (auto batch = loader.next()) {
        if (progress.cancelled()) {
            result.error = QStringLiteral("cancelled; nothing was written");
            return result;
        }
        done += batch->count + batch->failed;
        progress(QStringLiteral("Predicting"), done, total);
        if (batch->count == 0)
            continue;
        const torch::Tensor images =
            torch::from_blob(batch->images.data(), {batch->count, 3, o.height, o.width},
                             torch::kFloat32)
                .to(device);
        const torch::Tensor probs = torch::softmax(model->forward(images), 1).cpu().contiguous();
        for (int i = 0; i < batch->count; ++i) {
            const size_t sample = size_t(batch->samples[size_t(i)]);
            const float *p = probs[i].data_ptr<float>();
            probabilities[sample].assign(p, p + kClassCount);
            answers[sample] = int(std::max_element(p, p + kClassCount) - p);
            decoded[sample] = true;
        }
    }
    QString submission = QStringLiteral("ImageID,ans\n");
    QString probs = QStringLiteral("ImageID");
    for (int c = 0; c < kClassCount; ++c)
        probs += QStringLiteral(",p%1").arg(c);
    probs += u'\n';
    for (size_t i = 0; i < samples.size(); ++i) {
        if (!decoded[i])
            result.undecodable << ids[int(i)];
        submission += QStringLiteral("%1,%2\n").arg(csvEscape(ids[int(i)])).arg(answers[i]);
        probs += csvEscape(ids[int(i)]);
        for (float v : probabilities[i])
            probs += u',' + QString::number(v, 'g', 6);
        probs += u'\n';
    }
    result.probabilitiesPath = QFileInfo(outCsv).absolutePath() + u'/' +
                               QFileInfo(outCsv).completeBaseName() +
                               QStringLiteral(".probabilities.csv");
    if (!writeTextFile(outCsv, submission, &result.error) ||
        !writeTextFile(result.probabilitiesPath, probs, &result.error))
        return result;
    // Check what was written: the header and one answer 0..17 per info.csv row, in order.
    const CsvTable written = parseCsv(submission.toUtf8());
    if (written.header != QStringList({QStringLiteral("ImageID"), QStringLiteral("ans")}) ||
        written.records.size() != table->records.size()) {
        result.error = QStringLiteral("the submission does not match info.csv");
        return result;
    }
    result.images = int(samples.size());
    result.ok = true;
    return result;
}

bool exportStateDict(const QString &runDir, const QString &checkpoint, const QString &outPath,
                     QString *error)
{
    TrainConfig config;
    Classifier model(nullptr);
    if (!loadRun(runDir, checkpoint, &config, &model, error))
        return false;
    return writeStateDict(modelStateDict(model), outPath, error);
}

} // namespace masklab::trainer
