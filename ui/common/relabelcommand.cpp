#include "relabelcommand.h"

#include "labelsession.h"

namespace masklab::ui {

RelabelCommand::RelabelCommand(LabelSession *session, std::vector<ValueChange> edits,
                               const QString &text)
    : QUndoCommand(text), m_session(session), m_edits(std::move(edits))
{
}

void RelabelCommand::redo()
{
    if (m_applied) { // pushed after the session applied it
        m_applied = false;
        return;
    }
    m_session->applyStep(this, m_edits, LabelSession::Side::To);
}

void RelabelCommand::undo()
{
    m_session->applyStep(this, m_edits, LabelSession::Side::From);
}

bool RelabelCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const RelabelCommand *>(other);
    if (m_edits.size() != 1 || next->m_edits.size() != 1)
        return false;
    ValueChange &mine = m_edits.front();
    const ValueChange &theirs = next->m_edits.front();
    if (theirs.person != mine.person || theirs.slot != mine.slot || theirs.field != mine.field)
        return false;
    mine.to = theirs.to;
    setText(m_session->describe(mine)); // from the first value to the last
    setObsolete(mine.to == mine.from);  // e.g. G pressed twice: nothing left to undo
    return true;
}

} // namespace masklab::ui
