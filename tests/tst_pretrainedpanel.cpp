// The Training tab with model.pretrained: imagenet and torchvision's file not cached: it
// downloads the file before the run (here from a mirror on the loopback interface), shows the
// progress, Stop cancels, and a refused file starts no run and says where to put the file.

#include "configeditor.h"
#include "loopbackhttp.h"
#include "testsupport.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

namespace {
const QString kResNet18File = QStringLiteral("resnet18-f37072fd.pth"); // torchvision's name
}

class TestPretrainedPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;
    QString m_workspace;
    int m_case = 0;

    // A panel whose config asks for ImageNet weights, with an empty torch.hub cache of its own.
    std::unique_ptr<TrainingPanel> imageNetPanel(const QString &runName)
    {
        qputenv("TORCH_HOME", m_tmp.filePath(QStringLiteral("torch%1").arg(++m_case)).toUtf8());
        auto panel = std::make_unique<TrainingPanel>();
        panel->resize(1300, 800);
        panel->setDataset(m_dataset, m_workspace);
        TrainConfig config = panel->editor()->config();
        config.model.architecture = ModelConfig::Architecture::ResNet18;
        config.model.pretrained = QStringLiteral("imagenet");
        config.train.epochs = 1;
        config.train.runName = runName;
        panel->editor()->setConfig(config);
        panel->show();
        return panel;
    }

    QString cacheFolder() const
    {
        return QString::fromUtf8(qgetenv("TORCH_HOME")) + QStringLiteral("/hub/checkpoints");
    }

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("ds");
        m_workspace = m_tmp.filePath("ds.masklab");
        QVERIFY(makeSynthDataset(m_dataset, 8, 0, 0, false, 96, 128));
        qunsetenv("http_proxy");
    }

    void aRefusedFileStartsNoRun()
    {
        LoopbackHttp mirror;
        mirror.serve(kResNet18File, QByteArray(300000, 'x')); // not torchvision's bytes
        qputenv("MASKLAB_WEIGHTS_MIRROR", mirror.url("").toUtf8());
        auto panel = imageNetPanel(QStringLiteral("refused"));
        QSignalSpy finished(panel.get(), &TrainingPanel::trainingFinished);
        QTest::mouseClick(part<QPushButton>(*panel, QStringLiteral("startTraining")),
                          Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(mirror.requests().size(), 1);
        QCOMPARE(mirror.requests().first().path, kResNet18File.toLatin1());
        const QString log = panel->logText();
        QVERIFY2(log.contains("Downloading the ImageNet weights " + kResNet18File) &&
                     log.contains("refused") &&
                     log.contains("Put " + kResNet18File + " into " + cacheFolder()),
                 qPrintable(log));
        QVERIFY2(panel->shownRunText().contains("The ImageNet weights are missing"),
                 qPrintable(panel->shownRunText()));
        QVERIFY(!QFileInfo::exists(m_workspace + "/runs/refused"));
        QVERIFY(QDir(cacheFolder()).entryList(QDir::Files).isEmpty());
        QVERIFY(!panel->isTraining());
        QVERIFY(part<QPushButton>(*panel, QStringLiteral("startTraining"))->isEnabled());
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS"))
            panel->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/refused.png");

        // The way out: the From scratch preset, one click, keeping the dataset.
        QPushButton *scratch = part<QPushButton>(*panel, QStringLiteral("useScratchPreset"));
        QVERIFY(scratch->isVisible());
        QTest::mouseClick(scratch, Qt::LeftButton);
        QVERIFY(panel->editor()->config().model.pretrained.isEmpty());
        QCOMPARE(panel->editor()->config().model.architecture, ModelConfig::Architecture::SmallCnn);
        QCOMPARE(panel->editor()->config().data.dataset, m_dataset);
        QVERIFY(!scratch->isVisible());
        qunsetenv("MASKLAB_WEIGHTS_MIRROR");
    }

    void stopCancelsTheDownload()
    {
        LoopbackHttp mirror;
        mirror.serve(kResNet18File, QByteArray(8000000, 'x'));
        mirror.setStallAfter(3000000);
        qputenv("MASKLAB_WEIGHTS_MIRROR", mirror.url("").toUtf8());
        auto panel = imageNetPanel(QStringLiteral("cancelled"));
        QSignalSpy finished(panel.get(), &TrainingPanel::trainingFinished);
        QVERIFY(panel->startTraining());
        QVERIFY(panel->isTraining());
        QVERIFY(!part<QPushButton>(*panel, QStringLiteral("startTraining"))->isEnabled());
        QVERIFY(!panel->editor()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(panel->progressText().contains("batch 3/8"), 20000);
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS"))
            panel->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/downloading.png");
        QPushButton *stop = part<QPushButton>(*panel, QStringLiteral("stopTraining"));
        QVERIFY(stop->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000); // the abort may end it at once
        QCOMPARE(finished.first().at(1).toBool(), true);      // cancelled
        QVERIFY2(panel->logText().contains("cancelled"), qPrintable(panel->logText()));
        QVERIFY(!panel->isTraining());
        QVERIFY(!QFileInfo::exists(cacheFolder() + u'/' + kResNet18File));
        QCOMPARE(QFileInfo(cacheFolder() + u'/' + kResNet18File + ".partial").size(), 3000000);
        QVERIFY(!QFileInfo::exists(m_workspace + "/runs/cancelled"));
        QVERIFY(!part<QPushButton>(*panel, QStringLiteral("useScratchPreset"))->isVisible());
        qunsetenv("MASKLAB_WEIGHTS_MIRROR");
    }
};

QTEST_MAIN(TestPretrainedPanel)
#include "tst_pretrainedpanel.moc"
