// The Training tab's distributed runs on this machine: the Processes box, and Start / Resume /
// Stop handed to masklab-cli train --nproc N, whose run folder the tab follows.

#include "localranksjob.h"
#include "runfollower.h"
#include "runlistmodel.h"
#include "runsbox.h"
#include "trainingcurves.h"
#include "trainingpanel.h"

#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>

#include <thread>

namespace masklab::ui {

void TrainingPanel::setUpProcesses()
{
    m_processes->setObjectName(QStringLiteral("trainingProcesses"));
    m_processes->setRange(1, int(std::max(2u, std::thread::hardware_concurrency())));
    m_processes->setToolTip(
        tr("Processes that train this run together on this machine (distributed data "
           "parallel, as masklab-cli train --nproc N). train.batch_size is per process; "
           "give each process train.threads of the cores."));
    connect(m_ranks, &LocalRanksJob::logLines, this, &TrainingPanel::appendLog);
    connect(m_ranks, &LocalRanksJob::finished, this, &TrainingPanel::onRanksFinished);
}

bool TrainingPanel::startRanks(const TrainConfig &config, const QString &runDir, bool resume)
{
    QString error;
    if (!m_ranks->start(config, runDir, resume, m_processes->value(), &error)) {
        appendLog({error});
        m_views->setCurrentWidget(m_log);
        return false;
    }
    displayRun(runDir); // follows the folder as rank 0 writes it
    if (!resume)
        m_curves->setPlannedEpochs(config.train.epochs);
    m_shownEpochs = resume ? m_shownEpochs : config.train.epochs;
    m_shown->setText(
        tr("Run %1 (%2 processes)").arg(QDir(runDir).dirName()).arg(m_processes->value()));
    m_device->setText(tr("starting %1 processes...").arg(m_processes->value()));
    m_runsBox->setBusyRun(runDir);
    appendLog(
        {tr("Started masklab-cli train --nproc %1 into %2").arg(m_processes->value()).arg(runDir)});
    updateButtons();
    return true;
}

void TrainingPanel::onRanksFinished(bool ok, bool cancelled, const QString &error)
{
    m_follower->poll(); // the last lines rank 0 wrote
    m_runs->refresh();
    endRun(m_ranks->runDir(), ok, cancelled, error);
}

} // namespace masklab::ui
