#include "queueentrytext.h"

#include "runrecord.h"
#include "sweeprunner.h"

#include <QCoreApplication>

#include <algorithm>

namespace masklab::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("QueuePanel", text);
}

QString readProgress(const QueueEntry &e)
{
    if (e.kind == QueueEntry::Kind::Train) {
        const RunSummary run = summarizeRun(e.outputDir);
        if (e.state == QueueEntry::State::Running || run.bestEpoch == 0)
            return tr("epoch %1 of %2").arg(run.epochsDone).arg(run.epochsPlanned);
        return tr("best validation macro F1 %1 (epoch %2)")
            .arg(run.bestMacroF1, 0, 'f', 3)
            .arg(run.bestEpoch);
    }
    QString ignored;
    if (e.kind == QueueEntry::Kind::Sweep)
        if (const auto points = readSweepState(e.outputDir, &ignored)) {
            const auto ended = std::count_if(points->begin(), points->end(), [](const auto &p) {
                return p.state != SweepPointState::State::Pending &&
                       p.state != SweepPointState::State::Going;
            });
            return tr("%1 of %2 points ended").arg(ended).arg(points->size());
        }
    return QString();
}

} // namespace

QString QueueEntryText::took(const QueueEntry &e)
{
    if (!e.started.isValid())
        return QString();
    const QDateTime end = e.state == QueueEntry::State::Running || !e.ended.isValid()
                              ? QDateTime::currentDateTime()
                              : e.ended;
    return formatDuration(double(e.started.secsTo(end)));
}

// What an entry's note says when nothing went wrong: how far a run or sweep has come, or what
// a run reached.
QString QueueEntryText::progress(const QueueEntry &e)
{
    if (e.state == QueueEntry::State::Waiting || e.outputDir.isEmpty())
        return QString();
    if (e.state == QueueEntry::State::Running)
        return readProgress(e);
    const auto said = m_said.constFind(e.id);
    if (said != m_said.constEnd() && said->ended == e.ended)
        return said->text;
    const QString text = readProgress(e);
    m_said.insert(e.id, {e.ended, text});
    return text;
}

} // namespace masklab::ui
