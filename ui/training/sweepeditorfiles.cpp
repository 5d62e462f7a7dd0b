// The Sweep page's files: the sweep file and its base config written into the workspace (never
// over another sweep of the same name) or where the user chooses.

#include "sweepeditor.h"

#include "textfile.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace masklab::ui {

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

bool SweepEditor::writeSweep(const QString &path, QString *error) const
{
    const QString base = QFileInfo(path).completeBaseName() + QStringLiteral(".base.yaml");
    return writeFileAtomically(QFileInfo(path).dir().filePath(base), trainConfigToYaml(m_base),
                               error) &&
           writeFileAtomically(path, sweepFileText(form(), base), error);
}

std::optional<QString> SweepEditor::writeSweepFiles(QString *error) const
{
    const QString folder = m_workspace + QStringLiteral("/sweeps");
    if (!QDir().mkpath(folder)) {
        *error = tr("%1: cannot create the folder").arg(folder);
        return std::nullopt;
    }
    const QString name = form().name;
    const QString path = folder + u'/' + name + QStringLiteral(".yaml");
    // A queued entry reads its sweep file when it runs: another sweep must not replace it.
    const QString base = name + QStringLiteral(".base.yaml");
    const bool other =
        (QFileInfo::exists(path) && fileBytes(path) != sweepFileText(form(), base)) ||
        (QFileInfo::exists(folder + u'/' + base) &&
         fileBytes(folder + u'/' + base) != trainConfigToYaml(m_base));
    if (other) {
        *error = tr("%1 holds another sweep named %2 (it may be queued or have run): give this "
                    "one another name")
                     .arg(QDir::toNativeSeparators(path), name);
        return std::nullopt;
    }
    if (!writeSweep(path, error))
        return std::nullopt;
    return path;
}

void SweepEditor::request(void (SweepEditor::*signal)(const QString &))
{
    QString error;
    if (const std::optional<QString> path = writeSweepFiles(&error))
        emit(this->*signal)(*path);
    else
        QMessageBox::warning(this, tr("Sweep"), error);
}

void SweepEditor::saveDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save sweep file"),
                                                      QFileInfo(m_workspace).absolutePath() + u'/' +
                                                          form().name + QStringLiteral(".yaml"),
                                                      tr("Sweep files (*.yaml)"));
    QString error;
    if (!path.isEmpty() && !writeSweep(path, &error))
        QMessageBox::warning(this, tr("Save sweep file"), error);
}

} // namespace masklab::ui
