#include "suspectspanel.h"

#include "finderbox.h"
#include "labelsession.h"
#include "suspectfilterproxy.h"
#include "suspectfix.h"
#include "suspectheat.h"
#include "suspectlistmodel.h"
#include "suspectview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace masklab::ui {

SuspectsPanel::SuspectsPanel(ThumbnailCache *thumbnails, QWidget *parent)
    : QWidget(parent), m_finder(new FinderBox), m_model(new SuspectListModel(this)),
      m_proxy(new SuspectFilterProxy(this)), m_table(new QTableView),
      m_view(new SuspectView(thumbnails)), m_kind(new QComboBox), m_minScore(new QDoubleSpinBox),
      m_hideReviewed(new QCheckBox), m_likelyOnly(new QCheckBox), m_counts(new QLabel),
      m_notice(new QLabel), m_estimate(new QLabel)
{
    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    // Every column fits its text (measured when a list loads, so widths do not jump as rows
    // change) but the person's folder, which takes what is left and is elided in the middle
    // (its id and age stay readable): no horizontal scrolling.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(SuspectListModel::FolderColumn,
                                                      QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; padding: 4px; }"));
    m_notice->hide();

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_view, 1);
    // Under the photos, not above the list: a notice coming or going (a relabel after the first
    // A) moves nothing the user clicks next.
    rightLayout->addWidget(m_notice);
    rightLayout->addWidget(makeReviewButtons());
    auto *splitter = new QSplitter;
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({620, 680});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_finder);
    layout->addWidget(m_estimate);
    layout->addWidget(makeFilterRow());
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SuspectsPanel::onCurrentChanged);
    connect(m_model, &SuspectListModel::countsChanged, this, &SuspectsPanel::onCountsChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SuspectsPanel::onCurrentChanged);
    connect(m_finder, &FinderBox::finished, this, &SuspectsPanel::onFinderFinished);
    // The review keys go to the list before its type-to-search sees them.
    m_table->installEventFilter(this);
    m_view->installEventFilter(this);
    onCountsChanged();
}

bool SuspectsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
            switch (key->key()) {
            case Qt::Key_A:
                acceptCurrent();
                return true;
            case Qt::Key_D:
                toggleDismissCurrent();
                return true;
            case Qt::Key_N:
                nextOpen();
                return true;
            case Qt::Key_H:
                m_heatToggle->toggle();
                return true;
            default:
                break;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SuspectsPanel::setSession(LabelSession *session)
{
    m_session = session;
    m_view->setSession(session);
    m_view->setSuspect(std::nullopt);
    m_results.reset();
    showNotice(m_model->setSession(session));
    showEstimate();
    if (!session) {
        m_finder->setSource(m_config, QString(), QString());
        return;
    }
    const QString workspace = session->workspace().dir();
    m_finder->setSource(m_config, session->workspace().datasetRoot(), workspace);
    const QStringList runs = finder::FinderRun::list(workspace);
    QString error;
    if (!runs.isEmpty() && !loadRun(runs.front(), &error))
        showNotice(tr("The last finder run cannot be read: %1").arg(error));
}

void SuspectsPanel::setConfigSource(std::function<TrainConfig()> config)
{
    m_config = std::move(config);
}

bool SuspectsPanel::loadRun(const QString &dir, QString *error)
{
    if (!m_session)
        return false;
    auto results = finder::loadFinderResults(finder::FinderRun(dir), m_session->workspace().dir(),
                                             m_session->labels(), m_session->thresholds(), error);
    if (!results)
        return false;
    m_results = std::move(*results);
    m_heat->setFinderRun(dir);
    m_model->setSuspects(m_results->suspects);
    m_likelyOnly->setChecked(m_results->estimate.known); // a new run opens on its likely errors
    showEstimate();
    fitColumns();
    showNotice(QString());
    onCountsChanged();
    if (m_proxy->rowCount() > 0)
        selectRow(0);
    return true;
}

void SuspectsPanel::onFinderFinished(const trainer::FinderOutcome &outcome)
{
    if (outcome.ok) {
        QString error;
        if (!loadRun(outcome.dir, &error))
            showNotice(error);
        if (!outcome.skipped.isEmpty())
            showNotice(tr("%1 photos did not decode and were skipped: %2")
                           .arg(outcome.skipped.size())
                           .arg(outcome.skipped.mid(0, 5).join(QStringLiteral(", "))));
    }
}

void SuspectsPanel::fitColumns()
{
    for (int column = 0; column < SuspectListModel::ColumnCount; ++column)
        if (column != SuspectListModel::FolderColumn)
            m_table->resizeColumnToContents(column);
    // The widest texts, whether their rows are shown yet or not (the view measures shown rows).
    const auto atLeast = [this](int column, const QString &widest) {
        const int width = fontMetrics().horizontalAdvance(widest) + 16;
        m_table->setColumnWidth(column, std::max(width, m_table->columnWidth(column)));
    };
    atLeast(SuspectListModel::StatusColumn, tr("dismissed"));
    atLeast(SuspectListModel::RankColumn, QString::number(m_model->rowCount()));
}

int SuspectsPanel::sourceRow(int proxyRow) const
{
    return m_proxy->mapToSource(m_proxy->index(proxyRow, 0)).row();
}

int SuspectsPanel::currentRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.row() : -1;
}

bool SuspectsPanel::selectRow(int proxyRow)
{
    if (proxyRow < 0 || proxyRow >= m_proxy->rowCount())
        return false;
    m_table->setCurrentIndex(m_proxy->index(proxyRow, 0));
    m_table->scrollTo(m_proxy->index(proxyRow, 0));
    return true;
}

void SuspectsPanel::onCurrentChanged()
{
    const int row = currentRow();
    const int source = row >= 0 ? sourceRow(row) : -1;
    const auto suspect = source >= 0 ? std::optional(m_model->suspect(source)) : std::nullopt;
    m_view->setSuspect(suspect);
    m_heat->setSuspect(suspect, m_view->photoPaths());
    const bool dismissed =
        source >= 0 && m_model->status(source) == SuspectListModel::Status::Dismissed;
    const bool fixable = source >= 0 && m_session &&
                         !finder::suggestedEdits(m_model->suspect(source), m_session->labels(),
                                                 m_session->thresholds())
                              .empty();
    const bool open = source >= 0 && m_model->status(source) == SuspectListModel::Status::Open;
    m_accept->setEnabled(fixable && open);
    const bool gone = source >= 0 && m_model->status(source) == SuspectListModel::Status::Gone;
    m_dismiss->setEnabled(open || dismissed);
    m_dismiss->setText(dismissed ? tr("Take back (D)") : tr("Not an error (D)"));
    m_show->setEnabled(source >= 0 && !gone);
}

bool SuspectsPanel::acceptCurrent()
{
    const int row = currentRow();
    if (row < 0 || !m_session)
        return false;
    const int source = sourceRow(row);
    const finder::Suspect &s = m_model->suspect(source);
    if (m_model->status(source) != SuspectListModel::Status::Open)
        return false;
    QList<FieldChange> changes;
    for (const finder::SuggestedEdit &e :
         finder::suggestedEdits(s, m_session->labels(), m_session->thresholds()))
        changes.push_back({e.person, e.slot, e.field, e.value});
    if (changes.isEmpty())
        return false;
    m_session->editMany(changes,
                        tr("Fix suspect: %1 of %2 (%3 to %4)")
                            .arg(finder::suspectKindName(s.kind), s.folder, s.given, s.suggested));
    nextOpen();
    return true;
}

bool SuspectsPanel::toggleDismissCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return false;
    const int source = sourceRow(row);
    const SuspectListModel::Status status = m_model->status(source);
    // Gone: nothing left to judge; fixed: the fix already said it was an error (Ctrl+Z first).
    if (status == SuspectListModel::Status::Gone || status == SuspectListModel::Status::Fixed)
        return false;
    const bool dismiss = status != SuspectListModel::Status::Dismissed;
    QString error;
    if (!m_model->setDismissed(source, dismiss, &error)) {
        showNotice(tr("Could not keep the dismissal: %1").arg(error));
        return false;
    }
    if (dismiss)
        nextOpen();
    return true;
}

void SuspectsPanel::nextOpen()
{
    const int rows = m_proxy->rowCount();
    const int from = std::max(0, currentRow());
    for (int step = 1; step <= rows; ++step) {
        const int row = (from + step) % rows;
        const int source = sourceRow(row);
        if (m_model->status(source) == SuspectListModel::Status::Open) {
            selectRow(row);
            return;
        }
    }
}

QString SuspectsPanel::countsText() const
{
    return m_counts->text();
}

QString SuspectsPanel::noticeText() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
}

void SuspectsPanel::onCountsChanged()
{
    const SuspectListModel::Counts c = m_model->counts();
    m_counts->setText(tr("Reviewed %1 (fixed %2, dismissed %3), left %4 of %5")
                          .arg(c.fixed + c.dismissed)
                          .arg(c.fixed)
                          .arg(c.dismissed)
                          .arg(c.open)
                          .arg(c.total) +
                      (c.gone > 0 ? tr("; %1 gone from the dataset").arg(c.gone) : QString()));
    if (m_results && m_session) {
        // Labels edited since the folds trained: the models (and this list) do not know them.
        const int changed = finder::changedPersons(m_results->info, m_session->labels()).size();
        if (changed > 0)
            showNotice((changed == 1 ? tr("1 person relabeled")
                                     : tr("%1 persons relabeled").arg(changed)) +
                       tr(" since these folds trained. The list keeps the labels it judged; "
                          "Find errors again retrains the folds those labels feed."));
        else if (m_notice->text().contains(tr("relabeled since")))
            showNotice(QString());
    }
    emit openCountChanged(c.open, c.total);
}

QString SuspectsPanel::estimateText() const
{
    return m_estimate->text();
}

// The estimate above the list, and the list cut to the likely errors while that is asked for.
void SuspectsPanel::showEstimate()
{
    const finder::ErrorEstimate *estimate = m_results ? &m_results->estimate : nullptr;
    m_likelyOnly->setEnabled(estimate && estimate->known);
    const bool cut = estimate && estimate->known && m_likelyOnly->isChecked();
    const double cutoff = cut ? finder::likelyCutoff(m_results->suspects, *estimate) : 0;
    m_proxy->setLikelyCutoff(cutoff);
    int likely = 0; // whatever the other filters hide
    for (const finder::Suspect &s :
         m_results ? m_results->suspects : std::vector<finder::Suspect>())
        likely += s.kind == finder::SuspectKind::Duplicate || s.score >= cutoff ? 1 : 0;
    QString text;
    if (estimate && estimate->known) {
        const QString summary = estimate->summary();
        text = summary.left(1).toUpper() + summary.mid(1) +
               (cut ? tr(": showing the %1 most likely suspects with a margin; uncheck \"Likely "
                         "errors only\" for all %2.")
                          .arg(likely)
                          .arg(m_model->rowCount())
                    : tr(": showing all %1 suspects.").arg(m_model->rowCount()));
    } else if (estimate) {
        text = estimate->whyUnknown.left(1).toUpper() + estimate->whyUnknown.mid(1) +
               tr(". Showing all %1 suspects.").arg(m_model->rowCount());
    }
    m_estimate->setText(text);
    m_estimate->setVisible(!text.isEmpty());
    emit estimateChanged(estimate && estimate->known ? estimate->summary() : QString());
}

void SuspectsPanel::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

} // namespace masklab::ui
