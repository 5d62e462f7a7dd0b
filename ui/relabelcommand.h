#pragma once
// The one undoable edit: set a field of a person or photo from one value to another. Repeated
// edits of the same field merge; an edit that ends at the original value drops out.

#include "labeloverlay.h"

#include <QUndoCommand>

namespace masklab::ui {

class LabelSession;

class RelabelCommand : public QUndoCommand
{
public:
    static constexpr int kId = 0x4d4c; // one kind: merging compares the target instead

    RelabelCommand(LabelSession *session, int person, int slot, EditField field, QString from,
                   QString to, const QString &text, QUndoCommand *parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    LabelSession *m_session;
    int m_person;
    int m_slot;
    EditField m_field;
    QString m_from;
    QString m_to;
};

} // namespace masklab::ui
