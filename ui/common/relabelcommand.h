#pragma once
// The one undoable edit: set fields of persons or photos from one value to another, as one step
// (one key press, a multi-select edit, a swap). Repeated single edits of the same field merge;
// an edit that ends at the original value drops out.

#include "labeloverlay.h"

#include <QUndoCommand>

#include <vector>

namespace masklab::ui {

class LabelSession;

struct ValueChange
{
    int person = -1;
    int slot = -1; // -1 for person fields
    EditField field = EditField::Gender;
    QString from;
    QString to;
};

class RelabelCommand : public QUndoCommand
{
public:
    static constexpr int kId = 0x4d4c; // one kind: merging compares the target instead

    // The session has already applied and saved the edits: the first redo does nothing.
    RelabelCommand(LabelSession *session, std::vector<ValueChange> edits, const QString &text);

    void redo() override;
    void undo() override;
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    LabelSession *m_session;
    std::vector<ValueChange> m_edits;
    bool m_applied = true;
};

} // namespace masklab::ui
