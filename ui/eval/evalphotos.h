#pragma once
// The Eval tab's images for the photo viewer: one image after another in the grid's order
// (filtered and sorted), captioned with what the predictions say of it.

#include "photoviewer.h"

namespace masklab::ui {

class EvalPanel;

class EvalPhotos : public PhotoSource
{
public:
    explicit EvalPhotos(const EvalPanel *panel) : m_panel(panel) {}

    bool isPhoto(const QModelIndex &index) const override { return index.isValid(); }
    QString path(const QModelIndex &index) const override;
    QString caption(const QModelIndex &index) const override;
    QModelIndex neighbour(const QModelIndex &index, int rows, int columns) const override;
    QString keysHelp() const override;

private:
    const EvalPanel *m_panel;
};

} // namespace masklab::ui
