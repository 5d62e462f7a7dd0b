#include "imagestatspanel.h"

#include "barchart.h"
#include "edacharts.h"
#include "labelsession.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace masklab::ui {

namespace {
using StatsPair = std::pair<ImageStatistics, ImageStatistics>; // train, eval

QString describe(const char *name, const ImageStatistics &s)
{
    QStringList sizes;
    for (const auto &[size, n] : s.sizes)
        sizes << QStringLiteral("%1x%2: %3").arg(size.first).arg(size.second).arg(n);
    return QStringLiteral("<b>%1</b>: %2 images%3; mean RGB (%4, %5, %6), std (%7, %8, %9); "
                          "sizes %10")
        .arg(QLatin1String(name))
        .arg(s.images)
        .arg(s.failed ? QStringLiteral(" (%1 did not decode)").arg(s.failed) : QString())
        .arg(s.mean[0], 0, 'f', 3)
        .arg(s.mean[1], 0, 'f', 3)
        .arg(s.mean[2], 0, 'f', 3)
        .arg(s.std[0], 0, 'f', 3)
        .arg(s.std[1], 0, 'f', 3)
        .arg(s.std[2], 0, 'f', 3)
        .arg(sizes.join(QStringLiteral(", ")));
}
} // namespace

ImageStatsPanel::ImageStatsPanel(QWidget *parent)
    : QGroupBox(tr("Image statistics"), parent),
      m_start(new QPushButton(tr("Compute (decodes every image)"))),
      m_stop(new QPushButton(tr("Cancel"))), m_progress(new QProgressBar), m_summary(new QLabel),
      m_brightness(new BarChart(masklab::brightnessChart({}, nullptr).title))
{
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stop->hide();
    m_progress->hide();
    m_brightness->setMinimumHeight(220);
    auto *row = new QHBoxLayout;
    row->addWidget(m_start);
    row->addWidget(m_stop);
    row->addWidget(m_progress, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addWidget(m_brightness);
    connect(m_start, &QPushButton::clicked, this, &ImageStatsPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &ImageStatsPanel::cancel);
    show();
}

ImageStatsPanel::~ImageStatsPanel()
{
    cancel();
    QThreadPool::globalInstance()->waitForDone(); // the job reads our session's paths
}

void ImageStatsPanel::setSession(LabelSession *session)
{
    cancel();
    m_session = session;
    m_train.reset();
    m_eval.reset();
    loadCache();
    show();
}

void ImageStatsPanel::loadCache()
{
    if (!m_session)
        return;
    const Workspace &ws = m_session->workspace();
    const Dataset &ds = m_session->labels().dataset();
    using Set = Workspace::ImageSet;
    m_train = ws.loadImageStatistics(Set::Train, ds.photoCount());
    m_eval = ws.loadImageStatistics(Set::Eval, ds.evalImageCount());
}

void ImageStatsPanel::start()
{
    if (!m_session || m_cancel)
        return;
    const Dataset &ds = m_session->labels().dataset();
    const std::vector<QString> train = ds.trainPhotoPaths(), eval = ds.evalImagePaths();

    m_cancel = std::make_shared<std::atomic<bool>>(false);
    QPointer<ImageStatsPanel> self(this);
    const qint64 total = qint64(train.size() + eval.size());
    auto sinkFor = [self, total, cancel = m_cancel](qint64 offset) {
        ProgressSink sink;
        sink.cancel = cancel.get();
        sink.report = [self, total, offset](const QString &, qint64 done, qint64) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, total, done, offset] {
                    if (self)
                        self->m_progress->setValue(
                            int(1000 * (offset + done) / std::max<qint64>(1, total)));
                },
                Qt::QueuedConnection);
        };
        return sink;
    };
    const ProgressSink trainSink = sinkFor(0);
    const ProgressSink evalSink = sinkFor(qint64(train.size()));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->show();
    m_stop->show();
    m_start->setEnabled(false);
    auto *watcher = new QFutureWatcher<StatsPair>(this);
    connect(watcher, &QFutureWatcher<StatsPair>::finished, this, [this, watcher] {
        const StatsPair result = watcher->result();
        watcher->deleteLater();
        m_cancel.reset();
        m_progress->hide();
        m_stop->hide();
        m_start->setEnabled(true);
        if (!result.first.cancelled && !result.second.cancelled) {
            m_train = result.first;
            m_eval = result.second.images + result.second.failed > 0
                         ? std::optional<ImageStatistics>(result.second)
                         : std::nullopt;
            QString error; // a cache: computed again next time if it cannot be written
            const Workspace &ws = m_session->workspace();
            ws.saveImageStatistics(Workspace::ImageSet::Train, *m_train, &error);
            if (m_eval)
                ws.saveImageStatistics(Workspace::ImageSet::Eval, *m_eval, &error);
        }
        show();
        emit finished();
    });
    watcher->setFuture(QtConcurrent::run([train, eval, trainSink, evalSink] {
        StatsPair result;
        result.first = computeImageStatistics(train, 0, trainSink);
        if (!result.first.cancelled)
            result.second = computeImageStatistics(eval, 0, evalSink);
        return result;
    }));
}

void ImageStatsPanel::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

QString ImageStatsPanel::summaryText() const
{
    return m_summary->text();
}

void ImageStatsPanel::show()
{
    if (!m_train) {
        m_summary->setText(tr("Not computed yet for this dataset."));
        m_brightness->setData({}, {}, {});
        return;
    }
    QString text = describe("train", *m_train);
    if (m_eval)
        text += QStringLiteral("<br>") + describe("eval", *m_eval);
    m_summary->setText(text);
    m_brightness->setChart(masklab::brightnessChart(*m_train, m_eval ? &*m_eval : nullptr));
}

} // namespace masklab::ui
