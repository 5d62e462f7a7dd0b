#include "explainbar.h"

#include "explainer.h"
#include "heatimages.h"
#include "trainedmodels.h"
#include "workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QtConcurrent>

namespace masklab::ui {

namespace {

ExplainedPhoto explain(const QString &key, const QString &run, const QString &photo,
                       trainer::ExplainHead head)
{
    ExplainedPhoto done{key, {}, {}};
    const trainer::Explanation e = trainer::explainPhoto(run, QStringLiteral("best"), photo, head);
    QString error;
    done.image = heatImage(photo, e, &error);
    if (done.image.isNull()) {
        done.text = ExplainBar::tr("Not explained: %1").arg(error);
        return done;
    }
    done.text = ExplainBar::tr("Where %1 looks for its answer <b>%2</b> (%3): red leans most")
                    .arg(QFileInfo(run).fileName(), e.answer)
                    .arg(e.probability, 0, 'f', 2);
    return done;
}

} // namespace

QString datasetRootOfPhoto(const QString &path)
{
    QDir dir = QFileInfo(path).absoluteDir(); // images/<folder> or images
    if (dir.dirName() != QLatin1String("images"))
        dir.cdUp();
    if (dir.dirName() != QLatin1String("images") || !dir.cdUp())
        return {};
    const QString half = dir.dirName(); // train or eval
    if ((half != QLatin1String("train") && half != QLatin1String("eval")) || !dir.cdUp())
        return {};
    return dir.absolutePath();
}

ExplainBar::ExplainBar(QWidget *parent)
    : QWidget(parent), m_on(new QCheckBox(tr("Where the model looks (H)"))), m_head(new QComboBox),
      m_run(new QComboBox)
{
    m_on->setObjectName(QStringLiteral("explainToggle"));
    m_on->setToolTip(tr("Grad-CAM: the parts of the photo that most raise the run's answer for "
                        "the head, red where the answer leans most"));
    m_head->addItem(tr("mask"), int(trainer::ExplainHead::Mask));
    m_head->addItem(tr("gender"), int(trainer::ExplainHead::Gender));
    m_head->addItem(tr("age"), int(trainer::ExplainHead::Age));
    for (QWidget *w : std::initializer_list<QWidget *>{m_on, m_head, m_run})
        w->setFocusPolicy(Qt::NoFocus); // the viewer keeps the keys (arrows, H, L)
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_on);
    row->addWidget(new QLabel(tr("head:")));
    row->addWidget(m_head);
    row->addWidget(new QLabel(tr("run:")));
    row->addWidget(m_run, 1);
    connect(m_on, &QCheckBox::toggled, this, &ExplainBar::request);
    connect(m_head, &QComboBox::currentIndexChanged, this, &ExplainBar::request);
    connect(m_run, &QComboBox::currentIndexChanged, this, &ExplainBar::request);
    connect(&m_watcher, &QFutureWatcher<ExplainedPhoto>::finished, this, &ExplainBar::onDone);
}

ExplainBar::~ExplainBar()
{
    m_watcher.waitForFinished();
}

bool ExplainBar::isOn() const
{
    return m_on->isChecked();
}

void ExplainBar::setOn(bool on)
{
    m_on->setChecked(on);
}

void ExplainBar::setPhoto(const QString &path)
{
    m_photo = path;
    const QString root = datasetRootOfPhoto(path);
    refreshRuns(root.isEmpty() ? QString() : Workspace::defaultDirFor(root));
    request();
}

void ExplainBar::refreshRuns(const QString &workspaceDir)
{
    // Listed again for each photo (a directory listing): runs trained meanwhile show up.
    const QString current = m_run->currentData().toString();
    m_workspace = workspaceDir;
    const QSignalBlocker quiet(m_run);
    m_run->clear();
    for (const TrainedModel &model : trainedModels(workspaceDir))
        m_run->addItem(model.name, model.dir);
    if (const int keep = m_run->findData(current); keep >= 0)
        m_run->setCurrentIndex(keep);
    m_on->setEnabled(m_run->count() > 0);
    if (m_run->count() == 0)
        m_on->setToolTip(tr("No trained run in this dataset's workspace yet"));
}

QString ExplainBar::key() const
{
    return m_run->currentData().toString() + u'|' + m_head->currentText() + u'|' + m_photo;
}

void ExplainBar::request()
{
    if (!isOn() || m_photo.isEmpty() || m_run->count() == 0) {
        m_current = {};
        emit changed();
        return;
    }
    if (m_current.key == key() && !m_current.image.isNull())
        return emit changed();
    m_current = {key(), {}, tr("Finding where the model looks...")};
    emit changed();
    if (m_watcher.isRunning()) // the newest request starts when this one ends
        return;
    m_pendingKey = key();
    m_watcher.setFuture(QtConcurrent::run(explain, m_pendingKey, m_run->currentData().toString(),
                                          m_photo,
                                          trainer::ExplainHead(m_head->currentData().toInt())));
}

void ExplainBar::onDone()
{
    ExplainedPhoto done = m_watcher.result();
    if (done.key == key() && isOn()) {
        m_current = std::move(done);
        emit changed();
    } else {
        request(); // the photo, run or head changed meanwhile
    }
}

} // namespace masklab::ui
