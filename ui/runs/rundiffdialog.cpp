#include "rundiffdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {

QString f1(const RunRow &row, double value)
{
    return row.best.epoch > 0 ? QString::number(value, 'f', 4) : QString();
}

} // namespace

RunDiffDialog::RunDiffDialog(const RunRow &a, const RunRow &b, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(0, 3))
{
    setWindowTitle(tr("%1 against %2").arg(a.summary.name, b.summary.name));
    m_table->setHorizontalHeaderLabels({QString(), a.summary.name, b.summary.name});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    addRow(tr("status"), a.status, b.status);
    addRow(tr("epochs"),
           QStringLiteral("%1/%2").arg(a.summary.epochsDone).arg(a.summary.epochsPlanned),
           QStringLiteral("%1/%2").arg(b.summary.epochsDone).arg(b.summary.epochsPlanned));
    addRow(tr("best macro F1"), f1(a, a.best.macroF1), f1(b, b.best.macroF1));
    addRow(tr("  mask F1"), f1(a, a.best.maskF1), f1(b, b.best.maskF1));
    addRow(tr("  gender F1"), f1(a, a.best.genderF1), f1(b, b.best.genderF1));
    addRow(tr("  age F1"), f1(a, a.best.ageF1), f1(b, b.best.ageF1));
    // As the table counts it: a running run's time until now.
    const auto time = [](const RunRow &row) {
        return formatDuration(runDuration(row.summary, row.status == QLatin1String("running")));
    };
    addRow(tr("time"), time(a), time(b));
    QString note;
    if (a.config && b.config) {
        const std::vector<ConfigDifference> differences = configDifferences(*a.config, *b.config);
        for (const ConfigDifference &d : differences)
            addRow(d.key, d.a, d.b, true);
        note = differences.empty()
                   ? tr("Their configs are the same.")
                   : tr("%n config key(s) differ.", nullptr, int(differences.size()));
    } else {
        note = tr("A config.yaml is missing or not valid: the configs cannot be compared.");
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto *curves = buttons->addButton(tr("Curves side by side"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(curves, &QPushButton::clicked, this, [this, a, b] {
        emit curvesRequested(a.summary.dir, b.summary.dir);
        accept();
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(new QLabel(note));
    layout->addWidget(buttons);
    resize(640, 420);
}

void RunDiffDialog::addRow(const QString &what, const QString &a, const QString &b, bool key)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QStringList cells{what, a, b};
    for (int c = 0; c < 3; ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        QFont font = m_table->font();
        font.setBold(key && c == 0); // the config keys, below the results
        item->setFont(font);
        m_table->setItem(row, c, item);
    }
}

} // namespace masklab::ui
