#pragma once
// File > Export: corrected train.csv, the edits list, and a corrected copy of the dataset (in
// the background, with progress and Cancel). Asks for the destination, never writes into the
// dataset.

#include <QObject>

#include <atomic>
#include <memory>

class QWidget;

namespace masklab::ui {

class LabelSession;

class ExportController : public QObject
{
    Q_OBJECT
public:
    explicit ExportController(QWidget *window);

    void setSession(LabelSession *session) { m_session = session; }

    void exportTrainCsv();
    void exportEdits();
    void exportDataset(); // asks for the folder, then startDatasetExport
    // Exports in the background into out (new or empty); datasetExportFinished tells the end.
    void startDatasetExport(const QString &out);
    void cancelDatasetExport();
    bool isExportingDataset() const { return m_exporting; }
    // Non-dialog forms, for tests and scripts: return an error message, empty on success.
    QString writeTrainCsv(const QString &path) const;
    QString writeEdits(const QString &path) const;

signals:
    void status(const QString &message);
    void progress(const QString &phase, qint64 done, qint64 total);
    void datasetExportStarted();
    void datasetExportFinished(bool ok, const QString &message);

private:
    QString askFile(const QString &title, const QString &name) const;

    QWidget *m_window;
    LabelSession *m_session = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_exporting = false;
};

} // namespace masklab::ui
