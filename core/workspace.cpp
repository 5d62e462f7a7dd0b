#include "workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace masklab {

QString Workspace::defaultDirFor(const QString &datasetRoot)
{
    return QDir::cleanPath(datasetRoot) + QStringLiteral(".masklab");
}

Workspace::Workspace(QString dir, QString datasetRoot)
    : m_dir(QDir::cleanPath(QDir(dir).absolutePath())),
      m_datasetRoot(QDir::cleanPath(QDir(datasetRoot).absolutePath()))
{
}

QString Workspace::overlayPath() const
{
    return m_dir + QStringLiteral("/overlay.yaml");
}

bool Workspace::isInsideDataset() const
{
    return m_dir == m_datasetRoot || m_dir.startsWith(m_datasetRoot + u'/');
}

std::optional<LabelOverlay> Workspace::loadOverlay(QString *error) const
{
    QFile file(overlayPath());
    if (!file.exists())
        return LabelOverlay{};
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(overlayPath(), file.errorString());
        return std::nullopt;
    }
    QString reason;
    auto overlay = LabelOverlay::fromYaml(file.readAll(), &reason);
    if (!overlay)
        *error = QStringLiteral("%1: %2").arg(overlayPath(), reason);
    return overlay;
}

bool Workspace::saveOverlay(const LabelOverlay &overlay, QString *error) const
{
    if (isInsideDataset()) {
        *error = QStringLiteral("the workspace %1 is inside the dataset folder, which MaskLab "
                                "never writes")
                     .arg(m_dir);
        return false;
    }
    if (!QDir().mkpath(m_dir)) {
        *error = QStringLiteral("cannot create the workspace folder %1").arg(m_dir);
        return false;
    }
    QSaveFile file(overlayPath());
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: %2").arg(overlayPath(), file.errorString());
        return false;
    }
    const QByteArray yaml = overlay.toYaml(m_datasetRoot);
    if (file.write(yaml) != yaml.size() || !file.commit()) {
        *error = QStringLiteral("%1: %2").arg(overlayPath(), file.errorString());
        return false;
    }
    return true;
}

std::optional<QString> Workspace::setAsideOverlay(QString *error) const
{
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = m_dir + QStringLiteral("/overlay.corrupt-%1.yaml").arg(stamp);
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = m_dir + QStringLiteral("/overlay.corrupt-%1-%2.yaml").arg(stamp).arg(n);
    if (!QFile::rename(overlayPath(), target)) {
        *error = QStringLiteral("cannot rename %1 to %2").arg(overlayPath(), target);
        return std::nullopt;
    }
    return target;
}

} // namespace masklab
