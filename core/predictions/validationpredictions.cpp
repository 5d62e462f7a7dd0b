#include "validationpredictions.h"

#include "csvtable.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace masklab {

namespace {

std::optional<int> parseClass(const QString &text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok && value >= 0 && value < kClassCount ? std::optional<int>(value) : std::nullopt;
}

} // namespace

std::optional<std::vector<ValidationPrediction>> readValidationPredictions(const QString &runDir,
                                                                           QString *error)
{
    const QString path = runDir + QStringLiteral("/validation_predictions.csv");
    const std::optional<CsvTable> table = readStrictCsvFile(path, error);
    if (!table)
        return std::nullopt;
    if (table->header.size() != 3 + kClassCount || table->header[0] != QLatin1String("path")) {
        *error = fileLineError(path, 1, QStringLiteral("expected path,truth,predicted,p0..p17"));
        return std::nullopt;
    }
    std::vector<ValidationPrediction> predictions;
    for (const CsvRecord &record : table->records) {
        ValidationPrediction p;
        const auto truth = parseClass(record.fields.value(1));
        const auto predicted = parseClass(record.fields.value(2));
        bool ok = record.fields.size() == 3 + kClassCount && truth && predicted;
        for (int c = 0; ok && c < kClassCount; ++c)
            p.probabilities[size_t(c)] = record.fields[3 + c].toFloat(&ok);
        if (!ok) {
            *error = fileLineError(path, record.line, QStringLiteral("not a prediction row"));
            return std::nullopt;
        }
        p.path = record.fields[0];
        p.folder = QFileInfo(p.path).dir().dirName();
        p.truth = *truth;
        p.predicted = *predicted;
        predictions.push_back(std::move(p));
    }
    return predictions;
}

std::vector<ValidationPrediction> mistakes(const std::vector<ValidationPrediction> &predictions)
{
    std::vector<ValidationPrediction> wrong;
    std::copy_if(predictions.begin(), predictions.end(), std::back_inserter(wrong),
                 [](const ValidationPrediction &p) { return p.truth != p.predicted; });
    std::stable_sort(wrong.begin(), wrong.end(),
                     [](const auto &a, const auto &b) { return a.confidence() > b.confidence(); });
    return wrong;
}

} // namespace masklab
