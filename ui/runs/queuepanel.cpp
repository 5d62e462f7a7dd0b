#include "queuepanel.h"

#include "clijob.h"
#include "queueentries.h"
#include "queueentrytext.h"
#include "runrecord.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLockFile>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace masklab::ui {

namespace {

enum Column
{
    IdColumn,
    KindColumn,
    EntryColumn,
    StateColumn,
    ExpectedColumn,
    TookColumn,
    NoteColumn,
    ColumnCount
};

} // namespace

QueuePanel::QueuePanel(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, ColumnCount)), m_summary(new QLabel),
      m_note(new QLabel), m_job(new CliJob(this)), m_poll(new QTimer(this)),
      m_start(new QPushButton(tr("Start queue"))),
      m_pause(new QPushButton(tr("Pause after this entry"))),
      m_stop(new QPushButton(tr("Stop now"))), m_up(new QPushButton(tr("Move up"))),
      m_down(new QPushButton(tr("Move down"))), m_remove(new QPushButton(tr("Remove"))),
      m_addSweep(new QPushButton(tr("Add sweep..."))),
      m_addFinder(new QPushButton(tr("Add find errors (best run)"))),
      m_addPredict(new QPushButton(tr("Add predict (best 3)..."))), m_atOnce(new QSpinBox)
{
    m_atOnce->setObjectName(QStringLiteral("queueAtOnce"));
    m_atOnce->setRange(1, 16);
    m_atOnce->setSuffix(tr(" at once"));
    m_atOnce->setToolTip(tr("Entries that run at the same time, each with its share of the "
                            "cores; an entry that uses the best runs waits for those before it"));
    m_table->setHorizontalHeaderLabels(
        {tr("#"), tr("Kind"), tr("Entry"), tr("State"), tr("Expected"), tr("Took"), tr("Note")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_note->setWordWrap(true);
    m_start->setObjectName(QStringLiteral("startQueue"));
    m_pause->setToolTip(tr("Let the running entries finish, then stop"));
    m_stop->setToolTip(tr("Stop the running entry after its batch; it waits again and resumes "
                          "from its checkpoint"));
    m_addFinder->setToolTip(tr("Find label errors (5 folds) with the config of the best run the "
                               "queue trained before it"));
    m_addPredict->setToolTip(tr("Predict the eval set with the queue's 3 best runs (an ensemble)"));

    auto *layout = new QVBoxLayout(this);
    auto *adds = new QHBoxLayout;
    for (QPushButton *b : {m_addSweep, m_addFinder, m_addPredict})
        adds->addWidget(b);
    adds->addStretch();
    layout->addLayout(adds);
    layout->addWidget(m_table, 1);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_start);
    controls->addWidget(m_atOnce);
    for (QPushButton *b : {m_pause, m_stop, m_up, m_down, m_remove})
        controls->addWidget(b);
    controls->addStretch();
    controls->addWidget(m_summary);
    layout->addLayout(controls);
    layout->addWidget(m_note);

    connect(m_start, &QPushButton::clicked, this, [this] {
        QString error;
        if (!startQueue(&error))
            showNote(error);
    });
    connect(m_pause, &QPushButton::clicked, this, &QueuePanel::pauseAfterCurrent);
    connect(m_stop, &QPushButton::clicked, this, &QueuePanel::stopNow);
    connect(m_up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveSelected(1); });
    connect(m_remove, &QPushButton::clicked, this, &QueuePanel::removeSelected);
    connect(m_addSweep, &QPushButton::clicked, this, &QueuePanel::chooseAndAddSweep);
    connect(m_addFinder, &QPushButton::clicked, this, [this] {
        QString error;
        addFinder(5, &error);
    });
    connect(m_addPredict, &QPushButton::clicked, this, &QueuePanel::chooseAndAddPredict);
    connect(m_job, &CliJob::finished, this, &QueuePanel::onFinished);
    connect(m_poll, &QTimer::timeout, this, &QueuePanel::refresh);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &QueuePanel::updateButtons);
    m_poll->setInterval(1000);
    updateButtons();
}

void QueuePanel::setWorkspace(const QString &workspace, const QString &datasetRoot)
{
    if (isRunning() && workspace != m_workspace)
        m_job->stop(); // the previous dataset's queue: it waits again, and goes on when reopened
    m_workspace = workspace;
    m_dataset = datasetRoot;
    showNote(QString());
    refresh();
}

void QueuePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void QueuePanel::showNote(const QString &text)
{
    m_note->setText(text);
}

QString QueuePanel::noteText() const
{
    return m_note->text();
}

bool QueuePanel::isRunning() const
{
    return m_job->isRunning();
}

void QueuePanel::refresh()
{
    QString error;
    const std::optional<JobQueue> queue =
        m_workspace.isEmpty() ? JobQueue{} : readJobQueue(m_workspace, &error);
    if (!queue) {
        showNote(error);
        m_waiting = 0;
        updateButtons();
        return;
    }
    const int selected = selectedId();
    const bool runnerAlive = isRunning() || runnerElsewhere();
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(int(queue->entries.size()));
    double waitingSeconds = 0;
    int waitingEntries = 0;
    for (int row = 0; row < int(queue->entries.size()); ++row) {
        const QueueEntry &e = queue->entries[size_t(row)];
        // "running" with no runner at work: its runner ended with it (a crash, a closed app);
        // the next start runs it again.
        const bool interrupted = e.state == QueueEntry::State::Running && !runnerAlive;
        const bool waiting = e.state == QueueEntry::State::Waiting ||
                             e.state == QueueEntry::State::Cancelled || interrupted;
        if (waiting) {
            waitingSeconds += e.expectedSeconds;
            ++waitingEntries;
        }
        const QString expected =
            e.expectedSeconds > 0 ? formatDuration(e.expectedSeconds) : tr("unknown");
        const QStringList cells{QString::number(e.id),
                                queueKindName(e.kind),
                                e.title,
                                interrupted ? tr("interrupted") : queueStateName(e.state),
                                expected,
                                interrupted ? QString() : QueueEntryText::took(e),
                                e.message.isEmpty() ? m_entryText.progress(e) : e.message};
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == ExpectedColumn && !e.expectedSource.isEmpty())
                item->setToolTip(tr("at the pace of run %1").arg(e.expectedSource));
            m_table->setItem(row, c, item);
        }
        if (e.id == selected)
            m_table->selectRow(row);
    }
    m_summary->setText(tr("%n waiting", nullptr, waitingEntries) +
                       (waitingSeconds > 0
                            ? tr(", about %1 expected").arg(formatDuration(waitingSeconds))
                            : QString()) +
                       (queue->paused ? tr(" (paused)") : QString()));
    m_paused = queue->paused;
    m_waiting = waitingEntries;
    updateButtons();
}

int QueuePanel::selectedId() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? 0 : m_table->item(items.first()->row(), IdColumn)->text().toInt();
}

void QueuePanel::updateButtons()
{
    const bool open = !m_workspace.isEmpty();
    const bool running = isRunning();
    m_start->setEnabled(open && !running && m_waiting > 0);
    m_atOnce->setEnabled(!running);
    m_pause->setEnabled(running && !m_paused);
    m_stop->setEnabled(running);
    const bool chosen = selectedId() > 0;
    for (QPushButton *b : {m_up, m_down, m_remove})
        b->setEnabled(chosen);
    for (QPushButton *b : {m_addSweep, m_addFinder, m_addPredict})
        b->setEnabled(open);
}

bool QueuePanel::edit(const std::function<bool(JobQueue &, QString *)> &change, QString *error)
{
    if (m_workspace.isEmpty()) {
        *error = tr("Open a dataset first: the queue lives in its workspace.");
        showNote(*error);
        return false;
    }
    QString problem;
    const bool ok = updateJobQueue(
        m_workspace, [&](JobQueue &queue) { return change(queue, &problem); }, error);
    if (ok && !problem.isEmpty())
        *error = problem;
    const bool done = ok && problem.isEmpty();
    showNote(done ? QString() : *error);
    refresh();
    return done;
}

bool QueuePanel::addTrain(const TrainConfig &config, QString *error)
{
    return edit(
        [&](JobQueue &queue, QString *problem) {
            auto entry = trainQueueEntry(m_workspace, config, queue, problem);
            return entry && queue.add(*entry) > 0;
        },
        error);
}

bool QueuePanel::addSweep(const QString &sweepFile, QString *error)
{
    return edit(
        [&](JobQueue &queue, QString *problem) {
            auto entry = sweepQueueEntry(m_workspace, sweepFile, problem);
            return entry && queue.add(*entry) > 0;
        },
        error);
}

bool QueuePanel::addFinder(int folds, QString *error)
{
    return edit(
        [&](JobQueue &queue, QString *problem) {
            auto entry = finderQueueEntry(m_workspace, std::nullopt, folds, queue, problem);
            return entry && queue.add(*entry) > 0;
        },
        error);
}

bool QueuePanel::addPredict(int bestOf, const QString &submission, QString *error)
{
    return edit(
        [&](JobQueue &queue, QString *) {
            return queue.add(predictQueueEntry({}, bestOf, m_dataset, submission, false)) > 0;
        },
        error);
}

bool QueuePanel::moveSelected(int by)
{
    const int id = selectedId();
    QString error;
    return id > 0 &&
           edit([&](JobQueue &queue, QString *problem) { return queue.move(id, by, problem); },
                &error);
}

bool QueuePanel::removeSelected()
{
    const int id = selectedId();
    QString error;
    return id > 0 &&
           edit([&](JobQueue &queue, QString *problem) { return queue.remove(id, problem); },
                &error);
}

bool QueuePanel::startQueue(QString *error)
{
    if (isRunning() || m_workspace.isEmpty())
        return false;
    if (!m_job->start({QStringLiteral("queue"), QStringLiteral("run"),
                       QStringLiteral("--workspace"), m_workspace, QStringLiteral("--parallel"),
                       QString::number(m_atOnce->value())},
                      error))
        return false;
    showNote(tr("The queue runs; its entries' logs are in %1.")
                 .arg(QDir::toNativeSeparators(JobQueue::dirIn(m_workspace))));
    m_poll->start();
    refresh();
    return true;
}

void QueuePanel::pauseAfterCurrent()
{
    QString error;
    edit([](JobQueue &queue, QString *) { return queue.paused = true; }, &error);
}

void QueuePanel::stopNow()
{
    m_job->stop();
}

void QueuePanel::onFinished(bool ok, bool stopped, const QString &error)
{
    m_poll->stop();
    refresh();
    // queue run exits 1 when an entry failed, also when it then stopped or paused as asked:
    // queue.json says what happened.
    if (stopped)
        showNote(tr("Stopped: the entry that ran waits again; Start queue goes on from there."));
    else if (m_paused)
        showNote(tr("The queue paused; Start queue goes on."));
    else if (ok)
        showNote(tr("The queue is done."));
    else if (m_waiting == 0)
        showNote(tr("The queue is done; the entries that failed say why."));
    else
        showNote(tr("The queue stopped: %1").arg(error));
    emit queueFinished();
}

// A runner at work that is not the app's: a terminal's masklab-cli queue run.
bool QueuePanel::runnerElsewhere() const
{
    QLockFile runner(JobQueue::dirIn(m_workspace) + QStringLiteral("/runner.lock"));
    if (!runner.tryLock(0))
        return true;
    runner.unlock();
    return false;
}

bool QueuePanel::leftRunning() const
{
    // A runner still at work (a terminal's queue run) was not left running by the app.
    if (runnerElsewhere())
        return false;
    QString error;
    const std::optional<JobQueue> queue = readJobQueue(m_workspace, &error);
    if (!queue || queue->paused || queue->waitingCount() == 0)
        return false;
    return std::any_of(queue->entries.begin(), queue->entries.end(), [](const QueueEntry &e) {
        return e.state == QueueEntry::State::Running || e.state == QueueEntry::State::Cancelled;
    });
}

void QueuePanel::chooseAndAddSweep()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Queue a sweep file"), QString(),
                                                      tr("Sweep files (*.yaml *.yml)"));
    QString error;
    if (!file.isEmpty())
        addSweep(file, &error);
}

void QueuePanel::chooseAndAddPredict()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Where the queue writes the submission"),
        QFileInfo(m_workspace).dir().filePath(QStringLiteral("submission.csv")),
        tr("CSV files (*.csv)"));
    QString error;
    if (!file.isEmpty())
        addPredict(3, file, &error);
}

} // namespace masklab::ui
