#include "embeddingtable.h"

#include "csvtable.h"
#include "textfile.h"

#include <QFile>
#include <QRegularExpression>
#include <QtEndian>

namespace masklab {

namespace {

const QStringList kRowColumns = {"path", "split", "person", "slot", "label", "predicted"};
const QByteArray kNpyMagic("\x93NUMPY", 6);

QString rowFields(const EmbeddedPhoto &photo)
{
    // Joined, not .arg()-chained: a path may hold "%1".
    return QStringList{csvEscape(photo.path),         splitName(photo.split),
                       QString::number(photo.person), QString::number(photo.slot),
                       QString::number(photo.label),  QString::number(photo.predicted)}
        .join(u',');
}

QString csvText(const EmbeddingTable &table, bool withValues)
{
    QString text = kRowColumns.join(u',');
    for (int d = 0; withValues && d < table.dims; ++d)
        text += QStringLiteral(",f%1").arg(d);
    text += u'\n';
    for (int i = 0; i < table.size(); ++i) {
        text += rowFields(table.photos[size_t(i)]);
        const float *row = table.row(i);
        for (int d = 0; withValues && d < table.dims; ++d)
            text += u',' + QString::number(double(row[d]), 'g', 9); // float32 round-trips at 9
        text += u'\n';
    }
    return text;
}

QByteArray npyBytes(const EmbeddingTable &table)
{
    QByteArray header = QStringLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (%1, "
                                       "%2), }")
                            .arg(table.size())
                            .arg(table.dims)
                            .toLatin1();
    // The header ends in a newline and pads the data's start to a multiple of 64 bytes.
    const int unpadded = 10 + header.size() + 1;
    header += QByteArray((64 - unpadded % 64) % 64, ' ') + '\n';
    QByteArray bytes = kNpyMagic + QByteArray("\x01\x00", 2);
    const quint16 length = qToLittleEndian(quint16(header.size()));
    bytes += QByteArray(reinterpret_cast<const char *>(&length), 2) + header;
    for (float v : table.values) {
        char little[4];
        qToLittleEndian(v, little);
        bytes.append(little, 4);
    }
    return bytes;
}

// The photo columns of a record; false with the reason when one does not parse.
bool readPhoto(const CsvTable &csv, const CsvRecord &record, EmbeddedPhoto *photo, QString *why)
{
    photo->path = csv.field(record, 0);
    const std::optional<PhotoSplit> split = splitFromName(csv.field(record, 1));
    if (photo->path.isEmpty() || !split) {
        *why = QStringLiteral("needs a path and a split (train, validation or eval)");
        return false;
    }
    photo->split = *split;
    bool ok[4] = {};
    photo->person = csv.field(record, 2).toInt(&ok[0]);
    photo->slot = csv.field(record, 3).toInt(&ok[1]);
    photo->label = csv.field(record, 4).toInt(&ok[2]);
    photo->predicted = csv.field(record, 5).toInt(&ok[3]);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3]) {
        *why = QStringLiteral("person, slot, label and predicted must be whole numbers");
        return false;
    }
    return true;
}

std::optional<EmbeddingTable> readRows(const QString &path, bool withValues, QString *error)
{
    const std::optional<CsvTable> csv = readStrictCsvFile(path, error);
    if (!csv)
        return std::nullopt;
    if (csv->header.mid(0, kRowColumns.size()) != kRowColumns) {
        *error = fileLineError(
            path, 1, QStringLiteral("the header must start with %1").arg(kRowColumns.join(u',')));
        return std::nullopt;
    }
    EmbeddingTable table;
    table.dims = withValues ? int(csv->header.size() - kRowColumns.size()) : 0;
    for (const CsvRecord &record : csv->records) {
        EmbeddedPhoto photo;
        QString why;
        if (record.fields.size() != csv->header.size()) {
            why = QStringLiteral("has %1 fields, the header %2")
                      .arg(record.fields.size())
                      .arg(csv->header.size());
        } else if (readPhoto(*csv, record, &photo, &why)) {
            for (int d = 0; d < table.dims && why.isEmpty(); ++d) {
                bool ok = false;
                table.values.push_back(record.fields[kRowColumns.size() + d].toFloat(&ok));
                if (!ok)
                    why = QStringLiteral("feature f%1 is not a number").arg(d);
            }
        }
        if (!why.isEmpty()) {
            *error = fileLineError(path, record.line, why);
            return std::nullopt;
        }
        table.photos.push_back(photo);
    }
    return table;
}

// The (rows, columns) of a float32 .npy header; nothing when it is anything else.
std::optional<std::pair<qint64, qint64>> npyShape(const QByteArray &bytes, qint64 *dataStart)
{
    if (bytes.size() < 10 || !bytes.startsWith(kNpyMagic) || bytes[6] != 1)
        return std::nullopt;
    const quint16 length = qFromLittleEndian<quint16>(bytes.constData() + 8);
    const QString header = QString::fromLatin1(bytes.mid(10, length));
    static const QRegularExpression shape(
        QStringLiteral("'descr': '<f4', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\)"));
    const QRegularExpressionMatch match = shape.match(header);
    if (!match.hasMatch())
        return std::nullopt;
    *dataStart = 10 + length;
    return std::make_pair(match.captured(1).toLongLong(), match.captured(2).toLongLong());
}

std::optional<EmbeddingTable> readNpy(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    qint64 start = 0;
    const auto shape = npyShape(bytes, &start);
    if (!shape || start + shape->first * shape->second * 4 != bytes.size()) {
        *error = QStringLiteral("%1: not a float32 matrix in NumPy's .npy format (as masklab-cli "
                                "embed writes it), or cut short")
                     .arg(path);
        return std::nullopt;
    }
    std::optional<EmbeddingTable> table = readRows(rowsFileFor(path), false, error);
    if (!table)
        return std::nullopt;
    if (table->size() != shape->first) {
        *error = QStringLiteral("%1 lists %2 photos but %3 holds %4 rows")
                     .arg(rowsFileFor(path))
                     .arg(table->size())
                     .arg(path)
                     .arg(shape->first);
        return std::nullopt;
    }
    table->dims = int(shape->second);
    table->values.resize(size_t(shape->first * shape->second));
    for (size_t i = 0; i < table->values.size(); ++i)
        table->values[i] = qFromLittleEndian<float>(bytes.constData() + start + qint64(i) * 4);
    return table;
}

bool isNpy(const QString &path)
{
    return path.endsWith(QLatin1String(".npy"), Qt::CaseInsensitive);
}

} // namespace

QString splitName(PhotoSplit split)
{
    switch (split) {
    case PhotoSplit::Train:
        return QStringLiteral("train");
    case PhotoSplit::Validation:
        return QStringLiteral("validation");
    case PhotoSplit::Eval:
        break;
    }
    return QStringLiteral("eval");
}

std::optional<PhotoSplit> splitFromName(const QString &name)
{
    for (PhotoSplit split : {PhotoSplit::Train, PhotoSplit::Validation, PhotoSplit::Eval})
        if (name == splitName(split))
            return split;
    return std::nullopt;
}

QString rowsFileFor(const QString &npyPath)
{
    return npyPath.chopped(4) + QStringLiteral(".rows.csv");
}

bool writeEmbeddings(const EmbeddingTable &table, const QString &path, QString *error)
{
    if (!isNpy(path))
        return writeTextFile(path, csvText(table, true), error);
    return writeFileAtomically(path, npyBytes(table), error) &&
           writeTextFile(rowsFileFor(path), csvText(table, false), error);
}

std::optional<EmbeddingTable> readEmbeddings(const QString &path, QString *error)
{
    return isNpy(path) ? readNpy(path, error) : readRows(path, true, error);
}

} // namespace masklab
