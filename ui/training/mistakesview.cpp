#include "mistakesview.h"

#include "evalcelldelegate.h"
#include "evalimagemodel.h"
#include "heatimages.h"
#include "thumbnailcache.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPixmap>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace masklab::ui {

namespace {
constexpr int kThumbHeight = 128;
}

MistakesModel::MistakesModel(ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails)
{
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, [this](const QString &path) {
        const int row = m_rowOfPath.value(path, -1);
        if (row >= 0)
            emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

void MistakesModel::setMistakes(std::vector<ValidationPrediction> mistakes)
{
    beginResetModel();
    m_mistakes = std::move(mistakes);
    indexRows();
    endResetModel();
}

void MistakesModel::setMostConfidentFirst(bool first)
{
    beginResetModel(); // the rows map the other way round now
    m_mostConfidentFirst = first;
    indexRows();
    endResetModel();
}

void MistakesModel::indexRows()
{
    m_rowOfPath.clear();
    for (int row = 0; row < rowCount(); ++row)
        m_rowOfPath.insert(mistake(row).path, row);
}

const ValidationPrediction &MistakesModel::mistake(int row) const
{
    const size_t n = m_mistakes.size();
    return m_mistakes[m_mostConfidentFirst ? size_t(row) : n - 1 - size_t(row)];
}

int MistakesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_mistakes.size());
}

QVariant MistakesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ValidationPrediction &m = mistake(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 %2%")
            .arg(EvalImageModel::shortClassName(m.predicted, AgeThresholds()))
            .arg(qRound(100 * m.confidence()));
    case EvalImageModel::AnswerRole:
        return m.predicted;
    case EvalImageModel::ConfidenceRole:
        return double(m.confidence());
    case EvalImageModel::AgreeingRole:
        return 1;
    case EvalImageModel::ComparedAnswerRole: // the label, drawn under the chip
        return m.truth;
    case EvalImageModel::PathRole:
        return m.path;
    case Qt::ToolTipRole:
        return tr("%1\nlabel %2, predicted %3 (p = %4); double-click to see the person")
            .arg(m.path, className(m.truth), className(m.predicted))
            .arg(m.confidence(), 0, 'f', 3);
    case Qt::SizeHintRole:
        return QSize(kThumbHeight * 3 / 4 + 60, kThumbHeight + 52);
    case Qt::DecorationRole: {
        if (const auto overlay = m_overlays.constFind(m.path); overlay != m_overlays.constEnd())
            return *overlay;
        if (const QPixmap *pixmap = m_thumbnails->pixmap(m.path, kThumbHeight, index.row()))
            return *pixmap;
        QPixmap placeholder(kThumbHeight * 3 / 4, kThumbHeight);
        placeholder.fill(QColor(0xe0, 0xe0, 0xe0));
        return placeholder;
    }
    default:
        return {};
    }
}

void MistakesModel::setOverlays(const QHash<QString, QImage> &overlays)
{
    m_overlays.clear();
    for (auto it = overlays.constBegin(); it != overlays.constEnd(); ++it)
        m_overlays.insert(it.key(), QPixmap::fromImage(it->scaledToHeight(
                                        kThumbHeight, Qt::SmoothTransformation)));
    if (!m_mistakes.empty())
        emit dataChanged(index(0), index(rowCount() - 1), {Qt::DecorationRole});
}

MistakesView::MistakesView(QWidget *parent)
    : QWidget(parent), m_thumbnails(new ThumbnailCache(this)),
      m_model(new MistakesModel(m_thumbnails, this)), m_view(new QListView), m_order(new QComboBox),
      m_note(new QLabel), m_heat(new QCheckBox(tr("Where the model looks (H)")))
{
    m_heat->setToolTip(tr("Grad-CAM: where the run looks for its wrong answer, for the head the "
                          "mistake is most about; red where the answer leans most"));
    connect(m_heat, &QCheckBox::toggled, this, &MistakesView::requestHeat);
    connect(&m_heatWatcher, &QFutureWatcher<QHash<QString, QImage>>::finished, this, [this] {
        if (m_heatRun != m_runDir) // another run (or epoch) came meanwhile
            requestHeat();
        else if (m_heat->isChecked())
            m_model->setOverlays(m_heatWatcher.result());
    });
    m_view->installEventFilter(this);
    auto *delegate = new EvalCellDelegate(this);
    delegate->setOtherAnswerName(tr("label"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(delegate);
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_order->addItems({tr("Most confident first"), tr("Least confident first")});
    connect(m_order, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_model->setMostConfidentFirst(index == 0); });
    connect(m_view, &QListView::doubleClicked, this, [this](const QModelIndex &index) {
        const ValidationPrediction &m = m_model->mistake(index.row());
        emit personsRequested({m.folder}, tr("Validation mistake: %1").arg(m.folder));
    });
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_note, 1);
    bar->addWidget(m_heat);
    bar->addWidget(m_order);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    loadRun(QString());
}

MistakesView::~MistakesView()
{
    m_heatWatcher.waitForFinished();
}

bool MistakesView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->key() == Qt::Key_H) {
        m_heat->toggle();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

// On a worker thread: each mistake's photo explained for the head it is most about.
void MistakesView::requestHeat()
{
    m_model->setOverlays({});
    if (!m_heat->isChecked() || m_runDir.isEmpty() || m_model->rowCount() == 0 ||
        m_heatWatcher.isRunning()) // a running one shows its pictures when it ends
        return;
    QHash<int, QStringList> byHead;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ValidationPrediction &m = m_model->mistake(row);
        byHead[int(headOfMistake(m.truth, m.predicted))] << m.path;
    }
    m_heatRun = m_runDir;
    m_heatWatcher.setFuture(QtConcurrent::run([run = m_runDir, byHead] {
        QHash<QString, QImage> all;
        for (auto it = byHead.constBegin(); it != byHead.constEnd(); ++it)
            all.insert(heatImages(run, it.value(), trainer::ExplainHead(it.key())).images);
        return all;
    }));
}

bool MistakesView::loadRun(const QString &runDir)
{
    m_runDir = runDir;
    QString error;
    const auto predictions =
        runDir.isEmpty() ||
                !QFileInfo::exists(runDir + QStringLiteral("/validation_predictions.csv"))
            ? std::nullopt
            : readValidationPredictions(runDir, &error);
    if (!predictions) {
        m_model->setMistakes({});
        m_note->setText(error.isEmpty()
                            ? tr("no validation results yet (they come with the first epoch)")
                            : error);
        return false;
    }
    std::vector<ValidationPrediction> wrong = mistakes(*predictions);
    m_note->setText(tr("%1 of %2 validation photos wrong (best epoch); the label is under each "
                       "chip")
                        .arg(wrong.size())
                        .arg(predictions->size()));
    m_model->setMistakes(std::move(wrong));
    requestHeat();
    return true;
}

} // namespace masklab::ui
