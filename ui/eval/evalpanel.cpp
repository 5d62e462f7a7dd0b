#include "evalpanel.h"

#include "barchart.h"
#include "datasetscanner.h"
#include "evalcelldelegate.h"
#include "evalfilterbar.h"
#include "evalfilterproxy.h"
#include "evalimagemodel.h"
#include "evalphotos.h"
#include "labelsession.h"
#include "labelstatistics.h"
#include "photoviewer.h"
#include "predictbox.h"
#include "predictiondetails.h"
#include "submission.h"
#include "thumbnailcache.h"
#include "trainer.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {
constexpr int kThumbHeight = 128;
}

EvalPanel::EvalPanel(QWidget *parent)
    : QWidget(parent), m_thumbnails(new ThumbnailCache(this)),
      m_model(new EvalImageModel(m_thumbnails, this)), m_proxy(new EvalFilterProxy(this)),
      m_delegate(new EvalCellDelegate(this)), m_view(new QListView), m_info(new QLabel),
      m_folder(new QLabel), m_otherFolder(new QPushButton(tr("Other eval folder..."))),
      m_datasetFolder(new QPushButton(tr("The dataset's"))), m_predict(new PredictBox),
      m_filters(new EvalFilterBar(m_proxy)),
      m_chart(new BarChart(tr("Predicted classes (eval) and training labels"))),
      m_details(new QLabel), m_export(new QPushButton(tr("Export submission..."))),
      m_compare(new QPushButton(tr("Compare with a submission..."))),
      m_open(new QPushButton(tr("Show a submission file..."))), m_comparison(new QPlainTextEdit),
      m_chartTimer(new QTimer(this))
{
    m_chartTimer->setSingleShot(true);
    m_chartTimer->setInterval(0);
    connect(m_chartTimer, &QTimer::timeout, this, &EvalPanel::updateChart);
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(m_delegate);
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setIconSize(QSize(kThumbHeight * 3 / 4, kThumbHeight));
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_chart->setSeriesNames(tr("eval, predicted"), tr("train, labels"));
    m_chart->setValueLabel(tr("% of images"));
    m_chart->setRotatedLabels(true);
    m_chart->setMinimumHeight(220);
    m_chart->setMinimumWidth(380);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_comparison->setReadOnly(true);
    m_comparison->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_comparison->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_comparison->setVisible(false);
    m_export->setEnabled(false);
    m_compare->setEnabled(false);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_predict);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_otherFolder);
    folderRow->addWidget(m_datasetFolder);
    leftLayout->addLayout(folderRow);
    leftLayout->addWidget(m_filters);
    leftLayout->addWidget(m_info);
    leftLayout->addWidget(m_view, 1);
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(m_chart);
    rightLayout->addWidget(m_details, 1);
    rightLayout->addWidget(m_export);
    rightLayout->addWidget(m_compare);
    rightLayout->addWidget(m_open);
    rightLayout->addWidget(m_comparison, 1);
    auto *splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_predict, &PredictBox::predicted, this, &EvalPanel::showPredictions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &EvalPanel::showDetails);
    connect(m_export, &QPushButton::clicked, this, &EvalPanel::chooseExportFile);
    connect(m_compare, &QPushButton::clicked, this, &EvalPanel::chooseCompareFile);
    connect(m_open, &QPushButton::clicked, this, &EvalPanel::chooseSubmissionFile);
    connect(m_otherFolder, &QPushButton::clicked, this, &EvalPanel::chooseEvalFolder);
    connect(m_datasetFolder, &QPushButton::clicked, this, [this] {
        QString error;
        if (!setEvalFolder(QString(), &error))
            m_info->setText(error);
    });
    connect(m_view, &QListView::activated, this, [this](const QModelIndex &index) {
        photoViewer()->showIndex(index);
        m_viewer->show();
        m_viewer->raise();
    });
    m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_otherFolder->setToolTip(tr("Predict and browse the images of another eval folder (an "
                                 "info.csv and an images/ folder beside it)"));
    m_open->setToolTip(tr("Show the answers of a submission made elsewhere; then compare it with "
                          "another file"));
    setScan(nullptr);
}

void EvalPanel::setScan(std::shared_ptr<const ScanResult> scan)
{
    m_datasetImages = EvalSet();
    if (scan) {
        m_datasetImages.dir = scan->dataset.evalDir;
        for (const EvalImage &image : scan->dataset.evalImages) {
            m_datasetImages.ids << image.imageId;
            m_datasetImages.lines.push_back(image.csvLine);
        }
    }
    showImages(m_datasetImages);
}

bool EvalPanel::setEvalFolder(const QString &dir, QString *error)
{
    if (m_predict->isRunning()) {
        *error = tr("Stop the prediction before choosing another eval folder.");
        return false;
    }
    std::optional<EvalSet> images = m_datasetImages;
    if (!dir.isEmpty() && !(images = readEvalSet(dir, error)))
        return false;
    showImages(std::move(*images));
    m_predict->setEvalDir(m_images.dir);
    return true;
}

void EvalPanel::showImages(EvalSet images)
{
    m_images = std::move(images);
    m_predictions.reset();
    m_model->setComparedAnswers({});
    m_model->setPredictions(nullptr);
    m_model->setImages(m_images);
    m_filters->setComparing(false);
    m_comparison->setVisible(false);
    m_export->setEnabled(false);
    m_compare->setEnabled(false);
    m_details->clear();
    if (m_viewer)
        m_viewer->hide(); // its image is gone from the grid
    const bool isDatasets = m_images.dir == m_datasetImages.dir;
    m_folder->setText(m_images.dir.isEmpty()
                          ? tr("This dataset has no eval folder.")
                          : tr("Eval folder%1: %2")
                                .arg(isDatasets ? tr(" (the dataset's)") : QString(),
                                     QDir::toNativeSeparators(m_images.dir)));
    m_datasetFolder->setEnabled(!isDatasets);
    m_info->setText(m_images.dir.isEmpty()
                        ? QString()
                        : tr("%1 eval images in info.csv order").arg(m_images.ids.size()));
    updateChart();
}

PhotoViewer *EvalPanel::photoViewer()
{
    if (!m_viewer) {
        m_viewer = new PhotoViewer(this, std::make_unique<EvalPhotos>(this));
        connect(m_viewer, &PhotoViewer::moreLikeRequested, this, &EvalPanel::moreLikeRequested);
    }
    return m_viewer;
}

bool EvalPanel::isBusy() const
{
    return m_predict->isRunning() || m_thumbnails->pendingCount() > 0;
}

void EvalPanel::setSession(LabelSession *session)
{
    if (m_session) {
        disconnect(m_session, nullptr, this, nullptr);
        disconnect(m_session, nullptr, m_chartTimer, nullptr);
    }
    m_session = session;
    if (!session) { // the dataset closed, or its labels cannot be read
        updateChart();
        return;
    }
    const auto refresh = [this] {
        m_thresholds = m_session->thresholds();
        m_model->setThresholds(m_thresholds);
        m_delegate->setThresholds(m_thresholds);
        m_filters->setThresholds(m_thresholds);
        updateChart();
    };
    connect(session, &LabelSession::thresholdsChanged, this, refresh);
    // A multi-person edit changes many persons: one recount after it, as the EDA tab does.
    connect(session, &LabelSession::personsChanged, m_chartTimer,
            static_cast<void (QTimer::*)()>(&QTimer::start));
    refresh();
    m_predict->setWorkspace(session->workspace().dir(), session->scan().dataset.evalDir);
}

void EvalPanel::showPredictions(std::shared_ptr<const EvalPredictions> predictions,
                                const PredictionRequest &request)
{
    m_predictions = std::move(predictions);
    m_request = request;
    m_delegate->setMemberCount(m_predictions->memberCount());
    m_proxy->setMemberCount(m_predictions->memberCount());
    m_model->setComparedAnswers({});
    m_filters->setComparing(false);
    m_comparison->setVisible(false);
    m_model->setPredictions(m_predictions);
    m_export->setEnabled(true);
    m_compare->setEnabled(true);
    const int undecodable = int(m_predictions->undecodable().size());
    m_info->setText(tr("%1 eval images predicted with %2%3")
                        .arg(m_predictions->imageCount())
                        .arg(request.description(),
                             undecodable ? tr("; %1 did not decode (answered 0)").arg(undecodable)
                                         : QString()));
    updateChart();
    if (m_viewer)
        m_viewer->refreshCaption();
}

void EvalPanel::updateChart()
{
    QVector<double> keys, predicted, training;
    QStringList labels;
    std::array<int, kClassCount> counts{};
    int total = 0;
    if (m_predictions) {
        counts = m_predictions->answerCounts();
        total = std::accumulate(counts.begin(), counts.end(), 0);
    }
    LabelStatistics stats;
    if (m_session)
        stats = computeLabelStatistics(m_session->labels(), m_thresholds);
    for (int c = 0; c < kClassCount; ++c) {
        keys << c;
        labels << QString::number(c);
        predicted << (total > 0 ? 100.0 * counts[size_t(c)] / total : 0.0);
        training << (stats.images > 0 ? 100.0 * stats.classImages[size_t(c)] / stats.images : 0.0);
    }
    m_chart->setData(keys, predicted, labels, training);
}

void EvalPanel::showDetails()
{
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    m_details->setText(current.isValid() ? imageDetails(current.row()) : QString());
}

QString EvalPanel::imageDetails(int row) const
{
    const int image = m_model->predictionRow(row);
    if (!m_predictions || image < 0)
        return QStringLiteral("<b>%1</b><br>%2")
            .arg(m_model->imageId(row).toHtmlEscaped(), tr("Not predicted yet."));
    return predictionDetails(*m_predictions, image, m_request, m_thresholds);
}

bool EvalPanel::exportSubmission(const QString &path, QString *error)
{
    if (!m_predictions) {
        *error = tr("nothing predicted yet");
        return false;
    }
    const trainer::PredictResult written = trainer::writePredictionFiles(*m_predictions, path);
    *error = written.error;
    emit statusMessage(written.ok ? tr("Exported the submission %1 (%2 answers) and its "
                                       ".probabilities.csv")
                                        .arg(path)
                                        .arg(m_predictions->imageCount())
                                  : tr("The submission was not exported: %1").arg(written.error));
    return written.ok;
}

bool EvalPanel::openSubmission(const QString &path, QString *error)
{
    const std::optional<Submission> file = readSubmissionFile(path, error);
    if (!file)
        return false;
    std::vector<ClassProbabilities> rows(size_t(file->ids.size()), ClassProbabilities{});
    for (size_t i = 0; i < rows.size(); ++i)
        rows[i][size_t(file->answers[i])] = 1.0f;
    PredictionRequest request;
    request.members.push_back({path, QString(), QFileInfo(path).fileName()});
    showPredictions(std::make_shared<const EvalPredictions>(
                        file->ids, std::vector<std::vector<ClassProbabilities>>{std::move(rows)},
                        std::vector<bool>(size_t(file->ids.size()), true)),
                    request);
    const bool matched = m_model->rowCount() > 0 && m_model->predictionRow(0) >= 0;
    m_info->setText(tr("The answers of %1 (%2 rows)%3")
                        .arg(path)
                        .arg(file->ids.size())
                        .arg(matched ? QString() : tr("; they are not this eval set's images")));
    return true;
}

bool EvalPanel::compareWith(const QString &path, QString *error)
{
    if (!m_predictions) {
        *error = tr("nothing predicted yet");
        return false;
    }
    const std::optional<Submission> file = readSubmissionFile(path, error);
    if (!file)
        return false;
    Submission shown;
    shown.path = tr("the shown predictions");
    shown.ids = m_predictions->ids();
    shown.answers = m_predictions->answers();
    shown.lines.resize(size_t(shown.ids.size()));
    std::iota(shown.lines.begin(), shown.lines.end(), 2); // as the exported file would have them
    const std::optional<SubmissionComparison> comparison = compareSubmissions(*file, shown, error);
    if (!comparison)
        return false;
    QHash<QString, int> answers;
    for (int i = 0; i < file->ids.size(); ++i)
        answers.insert(file->ids[i], file->answers[size_t(i)]);
    m_model->setComparedAnswers(std::move(answers));
    m_filters->setComparing(true);
    m_comparison->setPlainText(
        comparisonReport(*comparison, QFileInfo(path).fileName(), tr("shown")));
    m_comparison->setVisible(true);
    return true;
}

void EvalPanel::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export submission"), QStringLiteral("submission.csv"), tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty())
        m_info->setText(exportSubmission(path, &error)
                            ? tr("Wrote %1 and its .probabilities.csv").arg(path)
                            : tr("Could not export: %1").arg(error));
}

void EvalPanel::chooseSubmissionFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Show a submission"), QString(),
                                                      tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty() && !openSubmission(path, &error))
        m_info->setText(tr("Could not read it: %1").arg(error));
}

void EvalPanel::chooseEvalFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Eval folder"), m_images.dir);
    QString error;
    if (!dir.isEmpty() && !setEvalFolder(dir, &error))
        m_info->setText(tr("Could not open it: %1").arg(error));
}

void EvalPanel::chooseCompareFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Compare with a submission"),
                                                      QString(), tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty() && !compareWith(path, &error))
        m_info->setText(tr("Could not compare: %1").arg(error));
}

} // namespace masklab::ui
