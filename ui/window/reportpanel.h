#pragma once
// The validation report: a sortable, filterable table of every scan finding.

#include "scanissue.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace masklab::ui {

class IssueFilterProxy;
class IssueTableModel;

class ReportPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ReportPanel(QWidget *parent = nullptr);

    void setIssues(std::vector<ScanIssue> issues);
    int visibleRowCount() const;

    // Exposed for tests and for the main window's shortcuts.
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *severityCombo() const { return m_severity; }
    QComboBox *kindCombo() const { return m_kind; }
    QTableView *table() const { return m_table; }

signals:
    // path is relative to the dataset root, as the issue names it.
    void revealRequested(const QString &relativePath);

private:
    void updateCount();
    void fillKinds();

    IssueTableModel *m_model;
    IssueFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QComboBox *m_severity;
    QComboBox *m_kind;
    QLabel *m_count;
    QTableView *m_table;
};

} // namespace masklab::ui
