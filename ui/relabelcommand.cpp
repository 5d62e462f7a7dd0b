#include "relabelcommand.h"

#include "labelsession.h"

namespace masklab::ui {

RelabelCommand::RelabelCommand(LabelSession *session, int person, int slot, EditField field,
                               QString from, QString to, const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent), m_session(session), m_person(person), m_slot(slot),
      m_field(field), m_from(std::move(from)), m_to(std::move(to))
{
}

void RelabelCommand::redo()
{
    m_session->applyValue(m_person, m_slot, m_field, m_to);
}

void RelabelCommand::undo()
{
    m_session->applyValue(m_person, m_slot, m_field, m_from);
}

bool RelabelCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const RelabelCommand *>(other);
    if (next->m_person != m_person || next->m_slot != m_slot || next->m_field != m_field)
        return false;
    m_to = next->m_to;
    setText(next->text());
    setObsolete(m_to == m_from); // e.g. G pressed twice: nothing left to undo
    return true;
}

} // namespace masklab::ui
