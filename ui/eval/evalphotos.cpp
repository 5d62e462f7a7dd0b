#include "evalphotos.h"

#include "evalfilterproxy.h"
#include "evalimagemodel.h"
#include "evalpanel.h"

namespace masklab::ui {

QString EvalPhotos::path(const QModelIndex &index) const
{
    return index.data(EvalImageModel::PathRole).toString();
}

QString EvalPhotos::caption(const QModelIndex &index) const
{
    const QModelIndex source = m_panel->proxy()->mapToSource(index);
    // The details start with the ImageID.
    return PhotoViewer::tr("%1 of %2 shown: %3<br>%4")
        .arg(index.row() + 1)
        .arg(index.model()->rowCount())
        .arg(path(index).toHtmlEscaped(), m_panel->imageDetails(source.row()));
}

QModelIndex EvalPhotos::neighbour(const QModelIndex &index, int rows, int columns) const
{
    // The grid wraps its images into lines of any length: every arrow steps one image.
    const int row = index.row() + rows + columns;
    return row >= 0 && row < index.model()->rowCount() ? index.model()->index(row, 0)
                                                       : QModelIndex();
}

QString EvalPhotos::keysHelp() const
{
    return PhotoViewer::tr("Arrows: previous / next image");
}

} // namespace masklab::ui
