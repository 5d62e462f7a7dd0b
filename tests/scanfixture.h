#pragma once
// A small clean dataset and the ways to break a copy of it, shared by the scanner tests.

#include "datasetscanner.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

namespace masklab::test {

inline const ScanIssue *findIssue(const ScanResult &result, IssueKind kind, const QString &path)
{
    for (const ScanIssue &issue : result.issues) {
        if (issue.kind == kind && issue.path == path)
            return &issue;
    }
    return nullptr;
}

inline QString describe(const ScanResult &result)
{
    QStringList lines;
    for (const ScanIssue &issue : result.issues)
        lines << QStringLiteral("%1 %2 %3:%4 %5")
                     .arg(severityName(issue.severity), issueKindName(issue.kind), issue.path)
                     .arg(issue.line)
                     .arg(issue.reason);
    return lines.join(u'\n');
}

inline QStringList csvLines(const QString &path)
{
    return QString::fromUtf8(readFile(path)).split(u'\n', Qt::SkipEmptyParts);
}

inline bool writeCsvLines(const QString &path, const QStringList &lines)
{
    return writeFile(path, (lines.join(u'\n') + u'\n').toUtf8());
}

class ScanFixture
{
protected:
    QTemporaryDir m_tmp;
    QString m_base; // 6 persons, 1 eval person, no quirks: scans without findings
    QStringList m_folders;
    QString m_evalImage;
    int m_case = 0;

    QString freshCopy()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("case%1").arg(++m_case));
        if (!copyTree(m_base, dir))
            qFatal("copy failed");
        return dir;
    }

    QString expand(QString text) const
    {
        text.replace(QLatin1String("{P0}"), m_folders[0]);
        text.replace(QLatin1String("{P1}"), m_folders[1]);
        text.replace(QLatin1String("{E0}"), m_evalImage);
        return text;
    }

    // Breaks a copy of the base dataset in one way.
    void mutate(const QString &root, const QString &what)
    {
        const QString csv = root + QStringLiteral("/train/train.csv");
        const QString p0 = root + QStringLiteral("/train/images/") + m_folders[0];
        QStringList rows = csvLines(csv);
        auto setField = [&](int line, int column, const QString &value) {
            QStringList fields = rows[line - 1].split(u',');
            fields[column] = value;
            rows[line - 1] = fields.join(u',');
            QVERIFY(writeCsvLines(csv, rows));
        };
        if (what == "junk file")
            QVERIFY(writeFile(p0 + "/._mask1.jpg", "junk"));
        else if (what == "DS_Store")
            QVERIFY(writeFile(root + "/train/images/.DS_Store", "junk"));
        else if (what == "unknown file")
            QVERIFY(writeFile(p0 + "/notes.txt", "hello"));
        else if (what == "unknown stem")
            QVERIFY(QFile::copy(p0 + "/mask1.jpg", p0 + "/mask6.jpg"));
        else if (what == "missing photo")
            QVERIFY(QFile::remove(p0 + "/normal.jpg"));
        else if (what == "duplicate stem")
            QVERIFY(QFile::copy(p0 + "/mask1.jpg", p0 + "/mask1.png"));
        else if (what == "bad folder name")
            QVERIFY(QDir().mkpath(root + "/train/images/strange_folder"));
        else if (what == "row without folder")
            QVERIFY(QDir(root + "/train/images/" + m_folders[1]).removeRecursively());
        else if (what == "folder without row") {
            rows.removeAt(2);
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "folder-row mismatch")
            setField(2, 3, QString::number(csvLines(csv)[1].split(u',')[3].toInt() + 1));
        else if (what == "duplicate id")
            setField(3, 0, rows[1].split(u',')[0]);
        else if (what == "duplicate row") {
            rows.append(rows[1]);
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "empty image")
            QVERIFY(writeFile(p0 + "/mask2.jpg", QByteArray()));
        else if (what == "unreadable image")
            QVERIFY(writeFile(p0 + "/mask3.jpg", "this is text"));
        else if (what == "unexpected size")
            QVERIFY(cv::imwrite((p0 + "/mask4.jpg").toStdString(),
                                cv::Mat(100, 120, CV_8UC3, cv::Scalar(1, 2, 3))));
        else if (what == "missing column") {
            rows[0] = QStringLiteral("id,gender,race,years,path");
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "non-numeric age")
            setField(2, 3, QStringLiteral("forty"));
        else if (what == "unknown gender")
            setField(2, 1, QStringLiteral("unknown"));
        else if (what == "dotdot path")
            setField(2, 4, QStringLiteral("../../etc"));
        else if (what == "absolute path")
            setField(2, 4, QStringLiteral("/etc"));
        else if (what == "unterminated quote") {
            rows[3] = rows[3] + QStringLiteral(",\"open");
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "short row") {
            rows[2] = QStringLiteral("5,male,Asian");
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "eval row without image")
            QVERIFY(QFile::remove(root + "/eval/images/" + m_evalImage));
        else if (what == "eval image without row")
            QVERIFY(writeFile(root + "/eval/images/extra.jpg", readFile(p0 + "/mask1.jpg")));
        else if (what == "eval junk")
            QVERIFY(writeFile(root + "/eval/images/._extra.jpg", "junk"));
        else if (what == "unsafe eval id") {
            const QString info = root + "/eval/info.csv";
            QStringList lines = csvLines(info);
            lines.append(QStringLiteral("../train/train.csv,0"));
            QVERIFY(writeCsvLines(info, lines));
        } else if (what == "train.csv missing")
            QVERIFY(QFile::remove(csv));
        else
            QFAIL(qPrintable("unknown mutation " + what));
    }

    void setUpBase()
    {
        QVERIFY(m_tmp.isValid());
        m_base = m_tmp.filePath(QStringLiteral("base"));
        QVERIFY(makeSynthDataset(m_base, 6, 1, 0, /*quirks=*/false));
        const QStringList rows = csvLines(m_base + QStringLiteral("/train/train.csv"));
        for (int i = 1; i < rows.size(); ++i)
            m_folders << rows[i].split(u',').last();
        m_evalImage = csvLines(m_base + QStringLiteral("/eval/info.csv"))[1].split(u',').first();
        QCOMPARE(m_folders.size(), 6);
    }
};

} // namespace masklab::test
