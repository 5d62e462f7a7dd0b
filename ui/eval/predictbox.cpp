#include "predictbox.h"

#include "finderrun.h"
#include "predictjob.h"
#include "runrecord.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHash>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>

namespace masklab::ui {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kNameRole = Qt::UserRole + 2;
constexpr int kCheckpointRole = Qt::UserRole + 3; // "best" or "last"

void setItemCheckpoint(QListWidgetItem *item, const QString &checkpoint)
{
    item->setData(kCheckpointRole, checkpoint);
    item->setText(QStringLiteral("%1  (%2)").arg(item->data(kNameRole).toString(), checkpoint));
}
} // namespace

PredictBox::PredictBox(QWidget *parent)
    : QGroupBox(tr("Predict"), parent), m_job(new PredictJob(this)), m_runs(new QListWidget),
      m_checkpoint(new QComboBox), m_tta(new QCheckBox(tr("Flip TTA"))),
      m_predict(new QPushButton(tr("Predict"))), m_stop(new QPushButton(tr("Stop"))),
      m_progress(new QProgressBar), m_status(new QLabel)
{
    m_runs->setToolTip(tr("Check one run for its predictions, several for an ensemble (the mean "
                          "of their 18 class probabilities). A finder job stands for its folds. "
                          "Double-click a run to switch its checkpoint between best and last."));
    m_runs->setMaximumHeight(90);
    m_checkpoint->addItem(tr("all: best checkpoint"), QStringLiteral("best"));
    m_checkpoint->addItem(tr("all: last checkpoint"), QStringLiteral("last"));
    m_checkpoint->setToolTip(tr("Sets every run's checkpoint; double-click a run to switch its "
                                "own between best and last"));
    m_tta->setToolTip(tr("Also predict each image mirrored left-right and average the two "
                         "(twice the model time)"));
    m_status->setWordWrap(true);
    m_stop->setEnabled(false);
    m_progress->setVisible(false);
    auto *layout = new QGridLayout(this);
    layout->addWidget(m_runs, 0, 0, 1, 4);
    layout->addWidget(m_checkpoint, 1, 0);
    layout->addWidget(m_tta, 1, 1);
    layout->addWidget(m_predict, 1, 2);
    layout->addWidget(m_stop, 1, 3);
    layout->addWidget(m_progress, 2, 0, 1, 4);
    layout->addWidget(m_status, 3, 0, 1, 4);
    connect(m_predict, &QPushButton::clicked, this, &PredictBox::predict);
    connect(m_checkpoint, &QComboBox::activated, this, [this] {
        for (int i = 0; i < m_runs->count(); ++i)
            setItemCheckpoint(m_runs->item(i), m_checkpoint->currentData().toString());
    });
    connect(m_runs, &QListWidget::itemDoubleClicked, this, [](QListWidgetItem *item) {
        setItemCheckpoint(item, item->data(kCheckpointRole).toString() == QLatin1String("best")
                                    ? QStringLiteral("last")
                                    : QStringLiteral("best"));
    });
    connect(m_stop, &QPushButton::clicked, m_job, &PredictJob::stop);
    connect(m_job, &PredictJob::updateAvailable, this, &PredictBox::onProgress);
    connect(m_job, &PredictJob::finished, this, &PredictBox::onFinished);
}

void PredictBox::setWorkspace(const QString &workspaceDir, const QString &evalDir)
{
    m_workspace = workspaceDir;
    refreshRuns();
    setEvalDir(evalDir);
}

void PredictBox::setEvalDir(const QString &evalDir)
{
    if (m_job->isRunning())
        return;
    m_evalDir = evalDir.isEmpty() ? QString() : QDir(evalDir).absolutePath();
    m_predict->setEnabled(!m_evalDir.isEmpty());
    m_status->setText(m_evalDir.isEmpty() ? tr("No eval folder to predict.") : QString());
    restoreLatest();
}

void PredictBox::refreshRuns()
{
    QStringList checked;
    QHash<QString, QString> checkpointOf;
    for (int i = 0; i < m_runs->count(); ++i) {
        const QListWidgetItem *item = m_runs->item(i);
        if (item->checkState() == Qt::Checked)
            checked << item->data(kPathRole).toString();
        checkpointOf.insert(item->data(kPathRole).toString(),
                            item->data(kCheckpointRole).toString());
    }
    m_runs->clear();
    const auto add = [&](const QString &name, const QString &path) {
        auto *item = new QListWidgetItem(m_runs);
        item->setData(kPathRole, path);
        item->setData(kNameRole, name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(path) ? Qt::Checked : Qt::Unchecked);
        setItemCheckpoint(item, checkpointOf.value(path, m_checkpoint->currentData().toString()));
    };
    for (const QString &run : listRunFolders(m_workspace))
        add(QFileInfo(run).fileName(), run);
    for (const QString &dir : finder::FinderRun::list(m_workspace)) {
        QString ignored;
        const auto info = finder::FinderRun(dir).readInfo(&ignored);
        add(tr("finder %1 (%2 folds)").arg(QFileInfo(dir).fileName()).arg(info ? info->folds : 0),
            dir);
    }
}

void PredictBox::showEvent(QShowEvent *event)
{
    QGroupBox::showEvent(event);
    if (!m_workspace.isEmpty())
        refreshRuns();
}

PredictionRequest PredictBox::request() const
{
    PredictionRequest request;
    request.evalDir = m_evalDir;
    request.flipTta = m_tta->isChecked();
    for (int i = 0; i < m_runs->count(); ++i) {
        if (m_runs->item(i)->checkState() != Qt::Checked)
            continue;
        QString ignored; // a listed run that vanished since is left out
        const auto members = membersAt(m_runs->item(i)->data(kPathRole).toString(),
                                       m_runs->item(i)->data(kCheckpointRole).toString(), &ignored);
        if (members)
            request.members.insert(request.members.end(), members->begin(), members->end());
    }
    return request;
}

void PredictBox::predict()
{
    const PredictionRequest wanted = request();
    if (wanted.members.empty()) {
        m_status->setText(tr("Check at least one run to predict with."));
        return;
    }
    if (!m_job->start(wanted, PredictionCache::forWorkspace(m_workspace).dir()))
        return;
    setBusy(true);
    m_status->setText(tr("Predicting with %1...").arg(wanted.description()));
}

void PredictBox::restoreLatest()
{
    if (m_evalDir.isEmpty() || m_job->isRunning())
        return;
    for (const StoredPrediction &stored : PredictionCache::forWorkspace(m_workspace).list()) {
        if (QDir(stored.request.evalDir).absolutePath() != m_evalDir)
            continue;
        m_job->start(stored.request, PredictionCache::forWorkspace(m_workspace).dir(), true);
        setBusy(true);
        m_status->setText(tr("Reading the stored predictions..."));
        return;
    }
}

void PredictBox::showRequest(const PredictionRequest &request)
{
    QHash<QString, QString> checkpointOf; // run folder -> checkpoint; a fold stands for its job
    for (const PredictionMember &m : request.members) {
        checkpointOf.insert(QDir(m.runDir).absolutePath(), m.checkpoint);
        checkpointOf.insert(QFileInfo(m.runDir).absolutePath(), m.checkpoint);
    }
    for (int i = 0; i < m_runs->count(); ++i) {
        QListWidgetItem *item = m_runs->item(i);
        const QString path = QDir(item->data(kPathRole).toString()).absolutePath();
        item->setCheckState(checkpointOf.contains(path) ? Qt::Checked : Qt::Unchecked);
        if (checkpointOf.contains(path))
            setItemCheckpoint(item, checkpointOf.value(path));
    }
    m_tta->setChecked(request.flipTta);
}

bool PredictBox::isRunning() const
{
    return m_job->isRunning();
}

void PredictBox::waitForFinished()
{
    m_job->waitForFinished();
}

void PredictBox::setBusy(bool busy)
{
    m_predict->setEnabled(!busy && !m_evalDir.isEmpty());
    m_stop->setEnabled(busy);
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0);
}

void PredictBox::onProgress()
{
    const PredictProgress p = m_job->progress();
    if (p.total <= 0)
        return;
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(1000 * p.done / p.total));
    QString text = tr("Predicting: %1 of %2 images").arg(p.done).arg(p.total);
    if (p.imagesPerSecond > 0)
        text += tr(", %1 images/s").arg(p.imagesPerSecond, 0, 'f', 0);
    if (p.secondsLeft >= 0)
        text += tr(", %1 left").arg(formatDuration(p.secondsLeft));
    m_status->setText(text);
}

void PredictBox::onFinished()
{
    setBusy(false);
    const trainer::PredictionOutcome &outcome = m_job->outcome();
    const PredictionRequest &request = m_job->request();
    if (!outcome.predictions) {
        m_status->setText(outcome.cancelled ? tr("Stopped; nothing was kept.")
                                            : tr("Could not predict: %1").arg(outcome.error));
        return;
    }
    showRequest(request);
    const auto predictions = std::make_shared<const EvalPredictions>(*outcome.predictions);
    m_status->setText(
        tr("%1 images predicted with %2%3")
            .arg(predictions->imageCount())
            .arg(request.description(),
                 outcome.fromCache ? tr(" (stored in the workspace; no model ran)") : QString()));
    emit predicted(predictions, request);
}

} // namespace masklab::ui
