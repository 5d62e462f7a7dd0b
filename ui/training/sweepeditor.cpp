#include "sweepeditor.h"

#include "sweepfile.h"
#include "sweepplan.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {

enum Column
{
    KeyColumn,
    ValuesColumn,
    LowColumn,
    HighColumn,
    CountColumn,
    LogColumn,
    ColumnCount
};

// Keys a sweep does not vary: where the data and runs are, and what folds: sets.
bool sweepable(const QString &key)
{
    static const QStringList fixed = {"data.dataset", "data.workspace",   "split.folds",
                                      "split.fold",   "split.folds_file", "train.run_name"};
    return !fixed.contains(key);
}

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

SweepEditor::SweepEditor(QWidget *parent)
    : QWidget(parent), m_name(new QLineEdit(QStringLiteral("sweep-1"))), m_method(new QComboBox),
      m_runs(new QSpinBox), m_seed(new QSpinBox), m_table(new QTableWidget(0, ColumnCount)),
      m_addRow(new QPushButton(tr("Add key"))), m_removeRow(new QPushButton(tr("Remove key"))),
      m_earlyStop(new QCheckBox(tr("Stop the weaker runs early"))),
      m_rungs(new QLineEdit(QStringLiteral("4, 10"))), m_keep(new QDoubleSpinBox),
      m_folds(new QSpinBox), m_plan(new QLabel), m_start(new QPushButton(tr("Start sweep"))),
      m_enqueue(new QPushButton(tr("Add sweep to queue"))),
      m_save(new QPushButton(tr("Save sweep file...")))
{
    m_table->setObjectName(QStringLiteral("sweepKeys"));
    m_table->setHorizontalHeaderLabels(
        {tr("Key"), tr("Values (a, b, ...)"), tr("or from"), tr("to"), tr("count"), tr("log")});
    m_table->horizontalHeader()->setSectionResizeMode(ValuesColumn, QHeaderView::Stretch);
    const int widths[ColumnCount] = {150, 0, 60, 60, 45, 30}; // the values column stretches
    for (int column = 0; column < ColumnCount; ++column)
        if (widths[column] > 0)
            m_table->setColumnWidth(column, widths[column]);
    m_table->verticalHeader()->hide();
    m_table->setToolTip(tr("Each row varies one config key: list its values, or give a range "
                           "(from, to, count; log for evenly in log). For random search leave "
                           "count empty: a value is drawn in the range for each run."));
    m_plan->setObjectName(QStringLiteral("sweepPlan"));
    m_plan->setWordWrap(true);
    m_plan->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_start->setObjectName(QStringLiteral("startSweep"));
    m_enqueue->setObjectName(QStringLiteral("queueSweep"));

    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_addRow);
    rowButtons->addWidget(m_removeRow);
    rowButtons->addStretch();
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_start, m_enqueue, m_save})
        buttons->addWidget(b);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildMethodRow());
    layout->addWidget(m_table, 1);
    layout->addLayout(rowButtons);
    layout->addWidget(buildRuleRows());
    layout->addWidget(m_plan);
    layout->addLayout(buttons);

    connect(m_table, &QTableWidget::itemChanged, this, &SweepEditor::revalidate);
    connect(m_addRow, &QPushButton::clicked, this, [this] { addRow(QString()); });
    connect(m_removeRow, &QPushButton::clicked, this, [this] {
        m_table->removeRow(m_table->currentRow() >= 0 ? m_table->currentRow()
                                                      : m_table->rowCount() - 1);
        revalidate();
    });
    connect(m_start, &QPushButton::clicked, this,
            [this] { request(&SweepEditor::startRequested); });
    connect(m_enqueue, &QPushButton::clicked, this,
            [this] { request(&SweepEditor::queueRequested); });
    connect(m_save, &QPushButton::clicked, this, &SweepEditor::saveDialog);

    const int row = addRow(QStringLiteral("optimizer.lr"));
    setRange(row, QStringLiteral("0.0003"), QStringLiteral("0.003"), QStringLiteral("3"), true);
}

QWidget *SweepEditor::buildMethodRow()
{
    m_name->setObjectName(QStringLiteral("sweepName"));
    m_name->setToolTip(tr("Names the runs: <name>-001, <name>-002, ..."));
    m_method->addItems({tr("grid: every combination"), tr("random: draws")});
    m_method->setObjectName(QStringLiteral("sweepMethod"));
    m_runs->setRange(1, kMaxSweepPoints);
    m_runs->setValue(8);
    m_runs->setPrefix(tr("runs "));
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(1);
    m_seed->setPrefix(tr("seed "));
    auto *rows = new QWidget;
    auto *layout = new QFormLayout(rows);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addRow(tr("Name"), m_name);
    auto *method = new QHBoxLayout;
    method->addWidget(m_method, 1);
    method->addWidget(m_runs);
    method->addWidget(m_seed);
    layout->addRow(tr("Method"), method);
    const auto methodChanged = [this] {
        m_runs->setEnabled(m_method->currentIndex() == 1);
        m_seed->setEnabled(m_method->currentIndex() == 1);
        revalidate();
    };
    connect(m_method, &QComboBox::currentIndexChanged, this, methodChanged);
    connect(m_name, &QLineEdit::textChanged, this, &SweepEditor::revalidate);
    connect(m_runs, &QSpinBox::valueChanged, this, &SweepEditor::revalidate);
    connect(m_seed, &QSpinBox::valueChanged, this, &SweepEditor::revalidate);
    m_runs->setEnabled(false);
    m_seed->setEnabled(false);
    return rows;
}

QWidget *SweepEditor::buildRuleRows()
{
    m_earlyStop->setObjectName(QStringLiteral("sweepEarlyStop"));
    m_earlyStop->setToolTip(tr("Successive halving: at each rung's epoch the runs still going are "
                               "ranked by their best validation macro F1 so far; the best share "
                               "goes on, the others are stopped by the sweep"));
    m_rungs->setObjectName(QStringLiteral("sweepRungs"));
    m_keep->setRange(0.01, 0.99);
    m_keep->setSingleStep(0.05);
    m_keep->setValue(0.33);
    m_folds->setObjectName(QStringLiteral("sweepFolds"));
    m_folds->setRange(0, kMaxSweepFolds);
    m_folds->setSpecialValueText(tr("off"));
    m_folds->setToolTip(tr("K-fold cross-validation of every point: K runs each, scored by the "
                           "mean of their F1 (K times the training)"));
    auto *form = new QWidget;
    auto *layout = new QFormLayout(form);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *rule = new QHBoxLayout;
    rule->addWidget(m_earlyStop);
    rule->addWidget(new QLabel(tr("at epochs")));
    rule->addWidget(m_rungs, 1);
    rule->addWidget(new QLabel(tr("keep")));
    rule->addWidget(m_keep);
    layout->addRow(rule);
    layout->addRow(tr("Cross-validate each point over (folds)"), m_folds);
    connect(m_earlyStop, &QCheckBox::toggled, this, &SweepEditor::revalidate);
    connect(m_rungs, &QLineEdit::textChanged, this, &SweepEditor::revalidate);
    connect(m_keep, &QDoubleSpinBox::valueChanged, this, &SweepEditor::revalidate);
    connect(m_folds, &QSpinBox::valueChanged, this, [this](int folds) {
        if (folds == 1) // 1 fold is no cross-validation: step over it
            m_folds->setValue(m_folds->property("last").toInt() == 0 ? 2 : 0);
        m_folds->setProperty("last", m_folds->value());
        revalidate();
    });
    return form;
}

int SweepEditor::addRow(const QString &key, const QString &values)
{
    const QSignalBlocker blocker(m_table);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *keys = new QComboBox;
    keys->addItem(QString());
    for (const TrainConfigKey &info : trainConfigKeyInfo())
        if (sweepable(info.key))
            keys->addItem(info.key);
    keys->setCurrentText(key);
    m_table->setCellWidget(row, KeyColumn, keys);
    for (int column = ValuesColumn; column < LogColumn; ++column)
        m_table->setItem(row, column, new QTableWidgetItem);
    auto *log = new QTableWidgetItem;
    log->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    log->setCheckState(Qt::Unchecked);
    m_table->setItem(row, LogColumn, log);
    m_table->item(row, ValuesColumn)->setText(values);
    connect(keys, &QComboBox::currentTextChanged, this, [this, keys](const QString &chosen) {
        // A choice or a flag: its values are few, list them all to start from.
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (m_table->cellWidget(r, KeyColumn) == keys &&
                cellText(m_table, r, ValuesColumn).isEmpty())
                for (const TrainConfigKey &info : trainConfigKeyInfo())
                    if (info.key == chosen && (info.kind == TrainConfigKey::Kind::Choice ||
                                               info.kind == TrainConfigKey::Kind::Flag))
                        m_table->item(r, ValuesColumn)
                            ->setText(info.kind == TrainConfigKey::Kind::Flag
                                          ? QStringLiteral("true, false")
                                          : info.choices.join(QStringLiteral(", ")));
        revalidate();
    });
    revalidate();
    return row;
}

void SweepEditor::setRange(int row, const QString &low, const QString &high, const QString &count,
                           bool log)
{
    {
        const QSignalBlocker blocker(m_table);
        m_table->item(row, ValuesColumn)->setText(QString());
        m_table->item(row, LowColumn)->setText(low);
        m_table->item(row, HighColumn)->setText(high);
        m_table->item(row, CountColumn)->setText(count);
        m_table->item(row, LogColumn)->setCheckState(log ? Qt::Checked : Qt::Unchecked);
    }
    revalidate();
}

SweepForm SweepEditor::form() const
{
    SweepForm form;
    form.name = m_name->text().trimmed();
    for (int r = 0; r < m_table->rowCount(); ++r) {
        SweepFormRow row;
        row.key = static_cast<QComboBox *>(m_table->cellWidget(r, KeyColumn))->currentText();
        row.values = cellText(m_table, r, ValuesColumn);
        row.low = cellText(m_table, r, LowColumn);
        row.high = cellText(m_table, r, HighColumn);
        row.count = cellText(m_table, r, CountColumn);
        row.log = m_table->item(r, LogColumn)->checkState() == Qt::Checked;
        form.rows.push_back(row);
    }
    form.random = m_method->currentIndex() == 1;
    form.runs = m_runs->value();
    form.seed = m_seed->value();
    form.earlyStop = m_earlyStop->isChecked();
    form.rungs = m_rungs->text();
    form.keep = m_keep->value();
    form.folds = m_folds->value();
    return form;
}

void SweepEditor::setBase(const TrainConfig &config, bool valid)
{
    m_base = config;
    m_baseValid = valid;
    if (isVisible()) // the plan reads the workspace's runs: not on every edit of a hidden page
        revalidate();
}

void SweepEditor::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    revalidate();
}

void SweepEditor::setWorkspace(const QString &workspace)
{
    m_workspace = workspace;
    // A name of ours (sweep-N) becomes the first one this workspace has not used.
    if (QRegularExpression(QStringLiteral("^sweep-\\d+$")).match(m_name->text()).hasMatch()) {
        int n = 1;
        while (QFileInfo::exists(workspace + QStringLiteral("/sweeps/sweep-%1").arg(n)) ||
               QFileInfo::exists(workspace + QStringLiteral("/sweeps/sweep-%1.yaml").arg(n)))
            ++n;
        m_name->setText(QStringLiteral("sweep-%1").arg(n));
    }
    revalidate();
}

QString SweepEditor::planText() const
{
    return m_valid ? m_plan->text() : QString();
}

QString SweepEditor::problemText() const
{
    return m_valid ? QString() : m_plan->text();
}

// The sweep file as the command line would read it, over the editor's config: the plan, or the
// first problem at its row.
void SweepEditor::revalidate()
{
    std::vector<int> rowLines;
    const QByteArray yaml = sweepFileText(form(), QString(), &rowLines);
    QString error;
    std::optional<std::vector<SweepPoint>> points;
    const std::optional<SweepSpec> spec =
        parseSweepOver(yaml, m_base, QStringLiteral("the sweep"), &error);
    if (spec)
        points = expandSweep(*spec, &error);
    m_valid = points.has_value() && m_baseValid;
    if (!m_baseValid)
        error = tr("The config has a problem (the Config page shows it): the sweep starts from "
                   "that config.");
    if (m_valid) {
        QString text = tr("%1. %2.").arg(describeSweepSize(*spec, *points),
                                         describeSweepCost(*spec, *points, m_workspace));
        if (QFileInfo::exists(m_workspace + QStringLiteral("/sweeps/") + spec->name))
            text += tr(" A sweep named %1 exists: starting goes on with it when its points are "
                       "the same (else choose another name).")
                        .arg(spec->name);
        m_plan->setText(text);
        m_plan->setStyleSheet(QString());
    } else {
        showProblem(error, rowLines);
    }
    const bool ready = m_valid && !m_workspace.isEmpty();
    for (QPushButton *b : {m_start, m_enqueue, m_save})
        b->setEnabled(ready);
}

// "the sweep: line 9: optimizer.lr: ..." at row 2: "Row 2: optimizer.lr: ...".
void SweepEditor::showProblem(const QString &error, const std::vector<int> &rowLines)
{
    QString text = error;
    const QRegularExpressionMatch at =
        QRegularExpression(QStringLiteral("^the sweep: line (\\d+): (.*)$")).match(error);
    if (at.hasMatch()) {
        text = at.captured(2);
        const auto row = std::find(rowLines.begin(), rowLines.end(), at.captured(1).toInt());
        if (row != rowLines.end())
            text = tr("Row %1: %2").arg(int(row - rowLines.begin()) + 1).arg(text);
    }
    m_plan->setText(text);
    m_plan->setStyleSheet(QStringLiteral("color: #b00020;"));
}

} // namespace masklab::ui
