#include "suspectheat.h"

#include "finderrun.h"
#include "heatimages.h"
#include "personsplit.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QtConcurrent>

namespace masklab::ui {

namespace {

std::optional<trainer::ExplainHead> headOf(finder::SuspectKind kind)
{
    switch (kind) {
    case finder::SuspectKind::Gender:
        return trainer::ExplainHead::Gender;
    case finder::SuspectKind::Age:
        return trainer::ExplainHead::Age;
    case finder::SuspectKind::MaskSwap:
    case finder::SuspectKind::Mask:
        return trainer::ExplainHead::Mask;
    case finder::SuspectKind::Duplicate:
        break;
    }
    return std::nullopt;
}

// The fold model that did not train on the person: fold-K of the finder run.
QString foldModelOf(const QString &runDir, const QString &folder, QString *error)
{
    const finder::FinderRun run(runDir);
    const int folds = int(QDir(runDir).entryList({QStringLiteral("fold-*")}, QDir::Dirs).size());
    const std::optional<FoldOfFolder> foldOf = readFoldFile(run.foldsFile(), folds, error);
    if (!foldOf)
        return {};
    if (!foldOf->contains(folder)) {
        *error = SuspectHeat::tr("%1 has no fold in %2").arg(folder, run.foldsFile());
        return {};
    }
    return run.foldDir(foldOf->value(folder));
}

} // namespace

SuspectHeat::SuspectHeat(QCheckBox *toggle, QObject *parent) : QObject(parent), m_toggle(toggle)
{
    m_toggle->setToolTip(tr("Grad-CAM of the fold model that held this person out, for the head "
                            "the suspect is about: red where its answer leans most"));
    connect(m_toggle, &QCheckBox::toggled, this, &SuspectHeat::request);
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &SuspectHeat::onDone);
}

SuspectHeat::~SuspectHeat()
{
    m_watcher.waitForFinished();
}

void SuspectHeat::setSuspect(const std::optional<finder::Suspect> &suspect,
                             const QStringList &photos)
{
    const QString before = key();
    m_suspect = suspect;
    m_photos = photos;
    if (key() != before || m_note.isEmpty()) // a repaint of the same suspect keeps its heat
        request();
}

QString SuspectHeat::key() const
{
    return m_suspect ? m_runDir + u'|' + m_suspect->key() + u'|' + m_photos.join(u'|') : QString();
}

void SuspectHeat::request()
{
    m_overlays.clear();
    m_note.clear();
    const std::optional<trainer::ExplainHead> head =
        m_suspect ? headOf(m_suspect->kind) : std::nullopt;
    if (!m_toggle->isChecked() || !head || m_runDir.isEmpty()) {
        if (m_toggle->isChecked() && m_suspect && !head)
            m_note = tr("A duplicate has no head to explain.");
        emit changed();
        return;
    }
    m_note = tr("Finding where the model looks...");
    emit changed();
    if (m_watcher.isRunning()) // the newest request starts when this one ends
        return;
    const QString runDir = m_runDir, folder = m_suspect->folder, k = key();
    const QStringList photos = m_photos;
    m_watcher.setFuture(QtConcurrent::run([runDir, folder, photos, head, k] {
        Result result{k, {}, {}};
        QString error;
        const QString model = foldModelOf(runDir, folder, &error);
        if (model.isEmpty()) {
            result.note = tr("No heat: %1").arg(error);
            return result;
        }
        HeatImages heat = heatImages(model, photos, *head);
        result.overlays = std::move(heat.images);
        error = heat.error;
        result.note = result.overlays.isEmpty()
                          ? tr("No heat: %1").arg(error)
                          : tr("heat: %1 (held out)").arg(QFileInfo(model).fileName());
        return result;
    }));
}

void SuspectHeat::onDone()
{
    Result result = m_watcher.result();
    if (result.key != key() || !m_toggle->isChecked()) {
        request(); // the suspect changed meanwhile
        return;
    }
    m_overlays = std::move(result.overlays);
    m_note = result.note;
    emit changed();
}

} // namespace masklab::ui
