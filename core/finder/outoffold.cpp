#include "outoffold.h"

#include "csvtable.h"
#include "dataset.h"

namespace masklab::finder {

HeadProbabilities headProbabilities(const ClassProbabilities &p)
{
    HeadProbabilities h;
    for (int c = 0; c < kClassCount; ++c) {
        const ClassLabel label = *classLabel(c);
        h.mask[size_t(label.mask)] += p[size_t(c)];
        h.gender[size_t(label.gender)] += p[size_t(c)];
        h.age[size_t(label.age)] += p[size_t(c)];
    }
    return h;
}

QString outOfFoldCsv(const std::vector<PhotoPrediction> &predictions)
{
    QString csv = QStringLiteral("folder,photo,fold");
    for (int c = 0; c < kClassCount; ++c)
        csv += QStringLiteral(",p%1").arg(c);
    csv += u'\n';
    for (const PhotoPrediction &row : predictions) {
        csv += QStringLiteral("%1,%2,%3")
                   .arg(csvEscape(row.folder), photoSlotStem(row.slot))
                   .arg(row.fold);
        for (float v : row.probabilities)
            csv += u',' + QString::number(v, 'g', 6);
        csv += u'\n';
    }
    return csv;
}

std::optional<std::vector<PhotoPrediction>> readOutOfFoldCsv(const QString &path, QString *error)
{
    const auto table = readStrictCsvFile(path, error);
    if (!table)
        return std::nullopt;
    const auto fail = [&](int line, const QString &reason) {
        *error = fileLineError(path, line, reason);
        return std::nullopt;
    };
    const int folder = table->column(QStringLiteral("folder"));
    const int photo = table->column(QStringLiteral("photo"));
    const int fold = table->column(QStringLiteral("fold"));
    std::array<int, kClassCount> p{};
    for (int c = 0; c < kClassCount; ++c) {
        p[size_t(c)] = table->column(QStringLiteral("p%1").arg(c));
        if (p[size_t(c)] < 0)
            return fail(1, QStringLiteral("no column p%1").arg(c));
    }
    if (folder < 0 || photo < 0 || fold < 0)
        return fail(1, QStringLiteral("the header must name folder, photo, fold and p0..p17"));
    std::vector<PhotoPrediction> rows;
    for (const CsvRecord &record : table->records) {
        PhotoPrediction row;
        row.folder = table->field(record, folder);
        const auto slot = photoSlotOfStem(table->field(record, photo));
        bool number = false;
        row.fold = table->field(record, fold).toInt(&number);
        if (row.folder.isEmpty() || !slot || !number)
            return fail(record.line, QStringLiteral("expected a folder, a photo (mask1..normal) "
                                                    "and a fold number"));
        row.slot = *slot;
        for (int c = 0; c < kClassCount; ++c) {
            const float v = table->field(record, p[size_t(c)]).toFloat(&number);
            if (!number || !(v >= 0.0f && v <= 1.0f))
                return fail(record.line, QStringLiteral("p%1 is not a probability").arg(c));
            row.probabilities[size_t(c)] = v;
        }
        rows.push_back(row);
    }
    return rows;
}

} // namespace masklab::finder
