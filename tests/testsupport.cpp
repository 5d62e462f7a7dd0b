#include "testsupport.h"

#include "photocodec.h"

#include "synthdataset.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStringList>
#include <QTest>

#include <csignal>

#include <sys/resource.h>

namespace masklab::test {

bool makeSynthDataset(const QString &out, int persons, int evalPersons, double noise, bool quirks,
                      int width, int height)
{
    synth::SynthOptions options;
    options.persons = persons;
    options.evalPersons = evalPersons;
    options.labelNoise = noise;
    options.quirks = quirks;
    options.width = width;
    options.height = height;
    options.seed = 7;
    const synth::SynthResult result = synth::writeSynthDataset(out, options);
    if (!result.ok)
        qWarning("synth failed: %s", qPrintable(result.error));
    return result.ok;
}

FileSizeLimit::FileSizeLimit(qint64 bytes)
{
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    m_previous = qint64(limit.rlim_cur);
    limit.rlim_cur = rlim_t(bytes);
    std::signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead of ending the process
    setrlimit(RLIMIT_FSIZE, &limit);
}

FileSizeLimit::~FileSizeLimit()
{
    rlimit limit{};
    getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = rlim_t(m_previous);
    setrlimit(RLIMIT_FSIZE, &limit);
}

QByteArray randomBytes(int size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, 0);
    for (char &c : bytes)
        c = char(random.bounded(256));
    return bytes;
}

bool copyTree(const QString &from, const QString &to)
{
    QDir source(from);
    if (!QDir().mkpath(to))
        return false;
    const QFileInfoList entries =
        source.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        const QString target = to + u'/' + entry.fileName();
        if (entry.isDir() ? !copyTree(entry.absoluteFilePath(), target)
                          : !QFile::copy(entry.absoluteFilePath(), target))
            return false;
    }
    return true;
}

TrainConfig tinyTrainConfig(const QString &dataset, int epochs)
{
    TrainConfig config;
    config.data.dataset = dataset;
    config.data.inputWidth = 36;
    config.data.inputHeight = 48;
    config.data.crop.reset(); // the test photos are 96x128
    config.model.architecture = ModelConfig::Architecture::SmallCnn;
    config.train.epochs = epochs;
    config.train.batchSize = 16;
    config.train.threads = 1;
    return config;
}

QByteArray jpegClaimingSize(QByteArray jpeg, int width, int height)
{
    const qsizetype sof = jpeg.indexOf(QByteArray("\xFF\xC0", 2));
    jpeg[sof + 5] = char(height >> 8);
    jpeg[sof + 6] = char(height & 0xFF);
    jpeg[sof + 7] = char(width >> 8);
    jpeg[sof + 8] = char(width & 0xFF);
    return jpeg;
}

QByteArray wreckedPng(int width, int height)
{
    cv::Mat image(height, width, CV_8UC3, cv::Scalar(10, 120, 200));
    QByteArray png = encodePng(image).value_or(QByteArray());
    for (qsizetype i = 40; i + 12 < png.size(); ++i) // keep the header and the IEND chunk
        png[i] = 0x5A;
    return png;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

bool writeRunFolder(const QString &dir, const TrainConfig &config,
                    const std::vector<EpochMetrics> &epochs)
{
    QByteArray lines;
    for (const EpochMetrics &m : epochs)
        lines += epochMetricsJson(m) + '\n';
    return QDir().mkpath(dir) && writeFile(dir + "/config.yaml", trainConfigToYaml(config)) &&
           writeFile(dir + "/metrics.jsonl", lines);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString treeFingerprint(const QString &root)
{
    QStringList lines;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (it.fileInfo().isDir()) {
            lines << QDir(root).relativeFilePath(path) + u'/';
            continue;
        }
        const QByteArray hash =
            QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha1).toHex();
        lines << QDir(root).relativeFilePath(path) + u' ' + QString::fromLatin1(hash);
    }
    lines.sort();
    return lines.join(u'\n');
}

qint64 processBytesWritten()
{
    QFile io(QStringLiteral("/proc/self/io"));
    if (!io.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : io.readAll().split('\n'))
        if (line.startsWith("wchar:"))
            return line.mid(6).trimmed().toLongLong();
    return -1;
}

} // namespace masklab::test
