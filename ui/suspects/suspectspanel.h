#pragma once
// The Suspects tab: the label-error finder's ranked list, filtered by kind and score, with the
// review counter; the selected suspect's photos and evidence beside it; one key to accept the
// suggestion (through the undo stack, like every edit), one to mark "not an error" (kept in the
// workspace), one to go to the next open suspect. The list opens on the likely errors (as many
// as the finder estimates, with a margin); one click shows them all. Above, the finder itself
// (FinderBox). A finished finder run of the workspace reopens as soon as the dataset opens.
//   A accept   D not an error (again: take it back)   N next open suspect
//   H where the model looks (the heat of the fold model that held the person out)

#include "finderresults.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableView;

namespace masklab::trainer {
struct FinderOutcome;
}

namespace masklab::ui {

class FinderBox;
class LabelSession;
class SuspectFilterProxy;
class SuspectHeat;
class SuspectListModel;
class SuspectView;
class ThumbnailCache;

class SuspectsPanel : public QWidget
{
    Q_OBJECT
public:
    SuspectsPanel(ThumbnailCache *thumbnails, QWidget *parent = nullptr);

    // The open dataset (nullptr: none); loads the newest finished finder run of its workspace.
    void setSession(LabelSession *session);
    // Where the finder's training config comes from (the Training tab's editor).
    void setConfigSource(std::function<TrainConfig()> config);
    // Shows a finder run's suspects (scored against the labels as they are now).
    bool loadRun(const QString &dir, QString *error);

    // Review actions on the current suspect.
    bool acceptCurrent();
    bool toggleDismissCurrent();
    void nextOpen();
    bool selectRow(int proxyRow);
    int currentRow() const; // in the proxy; -1 when none

    FinderBox *finder() const { return m_finder; }
    SuspectListModel *model() const { return m_model; }
    SuspectFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    SuspectView *view() const { return m_view; }
    QComboBox *kindFilter() const { return m_kind; }
    QCheckBox *likelyOnly() const { return m_likelyOnly; }
    QString estimateText() const;
    QString countsText() const;
    QString noticeText() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void openCountChanged(int open, int total);
    // "about 11 likely errors (...)"; empty when there is no estimate.
    void estimateChanged(const QString &summary);
    void showPersonRequested(const QString &folder);

private:
    QWidget *makeFilterRow();
    void fitColumns();
    int sourceRow(int proxyRow) const; // the model's row of a row of the (filtered) list
    QWidget *makeReviewButtons();
    void onCurrentChanged();
    void onCountsChanged();
    void onFinderFinished(const trainer::FinderOutcome &outcome);
    void showNotice(const QString &text);
    void showEstimate();

    LabelSession *m_session = nullptr;
    FinderBox *m_finder;
    SuspectListModel *m_model;
    SuspectFilterProxy *m_proxy;
    QTableView *m_table;
    SuspectView *m_view;
    QComboBox *m_kind;
    QDoubleSpinBox *m_minScore;
    QCheckBox *m_hideReviewed, *m_likelyOnly;
    QLabel *m_counts, *m_notice, *m_estimate;
    QPushButton *m_accept, *m_dismiss, *m_next, *m_show;
    QCheckBox *m_heatToggle;
    QLabel *m_heatNote;
    SuspectHeat *m_heat;
    std::optional<finder::FinderResults> m_results;
    std::function<TrainConfig()> m_config;
};

} // namespace masklab::ui
