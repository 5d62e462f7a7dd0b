#include "exportcontroller.h"

#include "labelexport.h"
#include "labelsession.h"
#include "textfile.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace masklab::ui {

namespace {
bool insideDataset(const QString &path, const QString &root)
{
    const QString clean = QDir::cleanPath(QDir(path).absolutePath());
    return clean == root || clean.startsWith(root + u'/');
}
} // namespace

ExportController::ExportController(QWidget *window) : QObject(window), m_window(window) {}

QString ExportController::writeTrainCsv(const QString &path) const
{
    if (!m_session)
        return tr("no dataset open");
    if (insideDataset(path, m_session->labels().dataset().root))
        return tr("%1 is inside the dataset folder, which MaskLab never writes").arg(path);
    QString error;
    writeTextFile(path, correctedTrainCsv(m_session->labels()), &error);
    return error;
}

QString ExportController::writeEdits(const QString &path) const
{
    if (!m_session)
        return tr("no dataset open");
    if (insideDataset(path, m_session->labels().dataset().root))
        return tr("%1 is inside the dataset folder, which MaskLab never writes").arg(path);
    QString error;
    writeTextFile(path, editsCsv(m_session->labels().overlay()), &error);
    return error;
}

QString ExportController::askFile(const QString &title, const QString &name) const
{
    return QFileDialog::getSaveFileName(m_window, title, m_session->workspace().dir() + u'/' + name,
                                        tr("CSV files (*.csv)"));
}

void ExportController::exportTrainCsv()
{
    if (!m_session)
        return;
    const QString path = askFile(tr("Export corrected train.csv"), QStringLiteral("train.csv"));
    if (path.isEmpty())
        return;
    const QString error = writeTrainCsv(path);
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Export failed"), error);
    else
        emit status(tr("Wrote %1").arg(path));
}

void ExportController::exportEdits()
{
    if (!m_session)
        return;
    const QString path = askFile(tr("Export the list of edits"), QStringLiteral("edits.csv"));
    if (path.isEmpty())
        return;
    const QString error = writeEdits(path);
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Export failed"), error);
    else
        emit status(tr("Wrote %1 (%n edit(s))", nullptr, m_session->labels().overlay().editCount())
                        .arg(path));
}

void ExportController::exportDataset()
{
    if (!m_session)
        return;
    const QString out = QFileDialog::getExistingDirectory(
        m_window, tr("Export corrected dataset into an empty folder"),
        QFileInfo(m_session->labels().dataset().root).absolutePath());
    if (!out.isEmpty())
        startDatasetExport(out);
}

void ExportController::cancelDatasetExport()
{
    if (m_exporting && m_cancel)
        *m_cancel = true;
}

void ExportController::startDatasetExport(const QString &out)
{
    if (!m_session || m_exporting)
        return;
    // The export reads a snapshot of the labels, so editing can go on meanwhile.
    const LabeledDataset snapshot = m_session->labels();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    ProgressSink sink;
    sink.cancel = m_cancel.get();
    QPointer<ExportController> self(this);
    sink.report = [self](const QString &phase, qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, phase, done, total] {
                if (self)
                    emit self->progress(phase, done, total);
            },
            Qt::QueuedConnection);
    };
    auto *watcher = new QFutureWatcher<DatasetExportResult>(this);
    connect(watcher, &QFutureWatcher<DatasetExportResult>::finished, this, [this, watcher, out] {
        const DatasetExportResult result = watcher->result();
        watcher->deleteLater();
        m_exporting = false;
        const QString message =
            result.ok ? tr("Exported %1 persons to %2 (%3 folders renamed, %4 photos excluded; "
                           "%5 hard links, %6 copies)")
                            .arg(result.persons)
                            .arg(out)
                            .arg(result.renamedFolders)
                            .arg(result.excluded)
                            .arg(result.linked)
                            .arg(result.copied)
                      : tr("Export failed: %1").arg(result.error);
        emit status(message);
        emit datasetExportFinished(result.ok, message);
    });
    m_exporting = true;
    emit status(tr("Exporting the corrected dataset to %1...").arg(QDir::toNativeSeparators(out)));
    emit datasetExportStarted();
    watcher->setFuture(QtConcurrent::run(
        [snapshot, out, sink] { return exportCorrectedDataset(snapshot, out, sink); }));
}

} // namespace masklab::ui
