#include "workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "textfile.h"
#include "yamlerror.h"

#include <yaml-cpp/yaml.h>

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
    return writeFile(QStringLiteral("overlay.yaml"),
                     QString::fromUtf8(overlay.toYaml(m_datasetRoot)), error);
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

QString Workspace::settingsPath() const
{
    return m_dir + QStringLiteral("/settings.yaml");
}

std::optional<AgeThresholds> Workspace::loadThresholds(QString *error) const
{
    QFile file(settingsPath());
    if (!file.exists())
        return AgeThresholds{};
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(settingsPath(), file.errorString());
        return std::nullopt;
    }
    try {
        const YAML::Node root = YAML::Load(file.readAll().toStdString());
        if (root.IsNull())
            return AgeThresholds{}; // an empty file
        if (!root.IsMap()) {
            *error = QStringLiteral("%1: expected a map of settings (age_thresholds: "
                                    "{middle_from: 30, old_from: 60})")
                         .arg(settingsPath());
            return std::nullopt;
        }
        const YAML::Node node = root["age_thresholds"];
        if (!node)
            return AgeThresholds{};
        if (!node.IsMap()) {
            *error = QStringLiteral("%1: line %2: age_thresholds must be a map with middle_from "
                                    "and old_from")
                         .arg(settingsPath())
                         .arg(node.Mark().line + 1);
            return std::nullopt;
        }
        // as<int>(fallback) would take a list for the fallback: absent keys only get it.
        const auto number = [&node](const char *key, int fallback) {
            const YAML::Node value = node[key];
            return value ? value.as<int>() : fallback;
        };
        const AgeThresholds t{number("middle_from", 30), number("old_from", 60)};
        if (!t.isValid()) {
            *error = QStringLiteral("%1: line %2: age_thresholds needs 0 < middle_from < old_from")
                         .arg(settingsPath())
                         .arg(node.Mark().line + 1);
            return std::nullopt;
        }
        return t;
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("%1: %2").arg(settingsPath(), describeYamlError(e));
        return std::nullopt;
    }
}

QString Workspace::imageStatisticsPath(ImageSet set) const
{
    return m_dir + (set == ImageSet::Train ? QStringLiteral("/image_statistics_train.yaml")
                                           : QStringLiteral("/image_statistics_eval.yaml"));
}

std::optional<ImageStatistics> Workspace::loadImageStatistics(ImageSet set, qint64 images) const
{
    QFile file(imageStatisticsPath(set));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QString error; // a broken cache is computed again, not reported
    std::optional<ImageStatistics> stats = ImageStatistics::fromYaml(file.readAll(), &error);
    if (!stats || stats->images + stats->failed != images)
        return std::nullopt;
    return stats;
}

bool Workspace::saveImageStatistics(ImageSet set, const ImageStatistics &stats,
                                    QString *error) const
{
    return writeFile(QFileInfo(imageStatisticsPath(set)).fileName(),
                     QString::fromUtf8(stats.toYaml()), error);
}

std::vector<ScanIssue> Workspace::fileIssues() const
{
    std::vector<ScanIssue> issues;
    // The issue names the file in its path column: the reason need not repeat it.
    const auto add = [&issues](const QString &path, const QString &what, const QString &error) {
        const QString prefix = path + QStringLiteral(": ");
        issues.push_back({Severity::Error,
                          IssueKind::WorkspaceFile,
                          path,
                          0,
                          what + (error.startsWith(prefix) ? error.mid(prefix.size()) : error),
                          {},
                          -1});
    };
    QString error;
    if (!loadOverlay(&error))
        add(overlayPath(), QStringLiteral("the relabel overlay cannot be read: "), error);
    error.clear();
    if (!loadThresholds(&error))
        add(settingsPath(), QStringLiteral("the workspace settings cannot be read: "), error);
    return issues;
}

bool Workspace::writeFile(const QString &name, const QString &text, QString *error) const
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
    return writeTextFile(m_dir + u'/' + name, text, error);
}

bool Workspace::saveThresholds(const AgeThresholds &t, QString *error) const
{
    return writeFile(QStringLiteral("settings.yaml"),
                     QStringLiteral("# MaskLab workspace settings\nage_thresholds:\n"
                                    "  middle_from: %1  # age >= this is middle\n"
                                    "  old_from: %2  # age >= this is old\n")
                         .arg(t.middleFrom)
                         .arg(t.oldFrom),
                     error);
}

} // namespace masklab
