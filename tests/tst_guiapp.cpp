// The masklab executable: --screenshot end to end, and a clear message without a display.

#include "testsupport.h"

#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab::test;

class TestGuiApp : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    int run(const QStringList &arguments, const QProcessEnvironment &env, QString *err)
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MASKLAB_GUI_PATH), arguments);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
            return -1;
        *err = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    }

private slots:
    void screenshotOfADataset()
    {
        const QString dataset = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(dataset, 4, 0, 0, true));
        const QString png = m_tmp.filePath("shot.png");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        QString err;
        QCOMPARE(run({"--screenshot", png, dataset}, env, &err), 0);
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);
        // Not a blank grab: a rendered window has many colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 10);
    }

    void screenshotOfANonDatasetFails()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        QString err;
        QCOMPARE(run({"--screenshot", m_tmp.filePath("x.png"), m_tmp.path()}, env, &err), 2);
        QVERIFY2(err.contains("no competition dataset"), qPrintable(err));
    }

    void noDisplayIsExplained()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("QT_QPA_PLATFORM");
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        QString err;
        QCOMPARE(run({}, env, &err), 2);
        QVERIFY2(err.contains("no display found"), qPrintable(err));
        QVERIFY(err.contains("QT_QPA_PLATFORM=offscreen"));
    }
};

QTEST_GUILESS_MAIN(TestGuiApp)
#include "tst_guiapp.moc"
