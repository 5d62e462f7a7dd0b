// The Training tab's hand-off to the ImageNet weights download before a run: the megabytes in
// the batch bar, and when the file cannot be had, why, and a way on without it.

#include "configeditor.h"
#include "trainingpanel.h"
#include "trainpresets.h"
#include "weightsfetcher.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>

namespace masklab::ui {

void TrainingPanel::setUpDownloadFallback()
{
    m_useScratch->setObjectName(QStringLiteral("useScratchPreset"));
    m_useScratch->setToolTip(tr("Load the %1 preset (no pretrained weights) into the editor")
                                 .arg(QLatin1String(kFromScratchPreset)));
    m_useScratch->hide();
    connect(m_useScratch, &QPushButton::clicked, this, [this] {
        m_editor->applyPreset(trainPresetIndex(QLatin1String(kFromScratchPreset)));
        m_useScratch->hide();
        appendLog({tr("Loaded the %1 preset: press Start to train without pretrained weights")
                       .arg(QLatin1String(kFromScratchPreset))});
    });
}

void TrainingPanel::showDownload(qint64 received, qint64 total)
{
    m_batchBar->setFormat(tr("%v of %m MB"));
    m_batchBar->setRange(0, total > 0 ? int(total / 1000000) : 0); // 0..0: busy, size unknown
    m_batchBar->setValue(int(received / 1000000));
}

void TrainingPanel::onWeightsFetched(bool ok, bool cancelled, const QString &message)
{
    updateButtons();
    if (ok) {
        appendLog({tr("Downloaded %1").arg(m_fetcher->fileName())});
        startWith(m_editor->config()); // cleared before the download began
        return;
    }
    m_batchBar->setRange(0, 1); // not busy any more
    m_batchBar->setValue(0);
    m_batchBar->setFormat(tr("batch %v of %m"));
    m_shown->setText(tr("The ImageNet weights are missing (the log says why)"));
    m_shown->setToolTip(message);
    m_useScratch->setVisible(!cancelled);
    appendLog({tr("The ImageNet weights are missing: %1").arg(message)});
    m_views->setCurrentWidget(m_log);
    emit trainingFinished(false, cancelled, message);
}

} // namespace masklab::ui
