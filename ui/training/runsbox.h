#pragma once
// The list of a workspace's training runs with what can be done to them: rename, delete (after
// asking), reveal the folder, load a run's config, follow a run folder from elsewhere. The run
// being trained is never renamed or deleted.

#include <QStringList>
#include <QWidget>

class QTableView;

namespace masklab::ui {

class RunListModel;

class RunsBox : public QWidget
{
    Q_OBJECT
public:
    explicit RunsBox(QWidget *parent = nullptr);

    RunListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QStringList selectedRuns() const;
    void selectRun(const QString &runDir);
    // The run being trained now (empty: none): shown as running, kept from rename and delete.
    void setBusyRun(const QString &runDir);

signals:
    void selectionChanged(const QStringList &runDirs);
    void followFolderRequested(const QString &runDir);
    void loadConfigRequested(const QString &configPath);
    void aboutToChangeRuns(); // before a rename or delete: let go of the folders

private:
    void renameSelected();
    void deleteSelected();

    RunListModel *m_model;
    QTableView *m_table;
    QString m_busyRun;
};

} // namespace masklab::ui
