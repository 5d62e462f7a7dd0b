#include "confusionview.h"

#include "csvtable.h"
#include "labels.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {
// The class's value in a task: 0 = the 18 classes themselves, 1 mask, 2 gender, 3 age.
int inTask(int cls, int task)
{
    switch (task) {
    case 1:
        return cls / 6;
    case 2:
        return (cls / 3) % 2;
    case 3:
        return cls % 3;
    default:
        return cls;
    }
}

QStringList taskNames(int task)
{
    QStringList names;
    switch (task) {
    case 1:
        for (MaskState m : {MaskState::Wear, MaskState::Incorrect, MaskState::NotWear})
            names << maskStateName(m);
        break;
    case 2:
        names << genderName(Gender::Male) << genderName(Gender::Female);
        break;
    case 3:
        for (AgeGroup a : {AgeGroup::Young, AgeGroup::Middle, AgeGroup::Old})
            names << ageGroupName(a);
        break;
    default:
        for (int c = 0; c < kClassCount; ++c)
            names << QStringLiteral("%1 %2").arg(c).arg(className(c));
    }
    return names;
}

QTableWidgetItem *readOnly(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}
} // namespace

ConfusionView::ConfusionView(QWidget *parent)
    : QWidget(parent), m_task(new QComboBox), m_note(new QLabel), m_matrix(new QTableWidget),
      m_classes(new QTableWidget)
{
    m_task->addItems({tr("18 classes"), tr("Mask"), tr("Gender"), tr("Age group")});
    connect(m_task, &QComboBox::currentIndexChanged, this, &ConfusionView::refresh);
    m_matrix->setObjectName(QStringLiteral("confusionMatrix"));
    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_matrix->setToolTip(tr("Rows: truth; columns: prediction. Double-click a cell to see those "
                            "persons in the browser."));
    connect(m_matrix, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        const QStringList names = taskNames(m_task->currentIndex());
        emit personsRequested(
            foldersOf(row, column),
            tr("Validation: truth %1, predicted %2").arg(names.value(row), names.value(column)));
    });
    m_classes->setColumnCount(5);
    m_classes->setHorizontalHeaderLabels(
        {tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Photos")});
    m_classes->verticalHeader()->hide();
    m_classes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_classes->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Validation confusion matrix of")));
    bar->addWidget(m_task);
    bar->addWidget(m_note, 1);
    layout->addLayout(bar);
    auto *tables = new QHBoxLayout;
    tables->addWidget(m_matrix, 3);
    tables->addWidget(m_classes, 2);
    layout->addLayout(tables, 1);
    refresh();
}

bool ConfusionView::loadRun(const QString &runDir)
{
    m_predictions.clear();
    QFile matrix(runDir + QStringLiteral("/confusion_matrix.csv"));
    std::optional<ConfusionMatrix> loaded;
    if (matrix.open(QIODevice::ReadOnly))
        loaded = ConfusionMatrix::fromCsv(QString::fromUtf8(matrix.readAll()));
    m_confusion = loaded.value_or(ConfusionMatrix());
    QFile predictions(runDir + QStringLiteral("/validation_predictions.csv"));
    if (loaded && predictions.open(QIODevice::ReadOnly)) {
        const CsvTable table = parseCsv(predictions.readAll());
        for (const CsvRecord &record : table.records) {
            if (record.fields.size() < 3)
                continue;
            m_predictions.push_back({QFileInfo(record.fields[0]).dir().dirName(),
                                     record.fields[1].toInt(), record.fields[2].toInt()});
        }
    }
    m_note->setText(loaded ? tr("best epoch, %1 photos").arg(m_confusion.total())
                           : tr("no validation results yet (they come with the first epoch)"));
    refresh();
    return bool(loaded);
}

void ConfusionView::setTask(int task)
{
    m_task->setCurrentIndex(task);
}

QSet<QString> ConfusionView::foldersOf(int truth, int predicted) const
{
    const int task = m_task->currentIndex();
    QSet<QString> folders;
    for (const Prediction &p : m_predictions) {
        if (inTask(p.truth, task) == truth && inTask(p.predicted, task) == predicted)
            folders.insert(p.folder);
    }
    return folders;
}

void ConfusionView::refresh()
{
    const int task = m_task->currentIndex();
    const ConfusionMatrix shown = task == 1   ? m_confusion.maskTask()
                                  : task == 2 ? m_confusion.genderTask()
                                  : task == 3 ? m_confusion.ageTask()
                                              : m_confusion;
    const QStringList names = taskNames(task);
    const int n = shown.classes();
    m_matrix->clear();
    m_matrix->setRowCount(n);
    m_matrix->setColumnCount(n);
    m_matrix->setVerticalHeaderLabels(names);
    QStringList columns;
    for (int c = 0; c < n; ++c)
        columns << (task == 0 ? QString::number(c) : names[c]);
    m_matrix->setHorizontalHeaderLabels(columns);
    for (int t = 0; t < n; ++t) {
        qint64 rowTotal = 0;
        for (int p = 0; p < n; ++p)
            rowTotal += shown.at(t, p);
        for (int p = 0; p < n; ++p) {
            const qint64 count = shown.at(t, p);
            const double share = rowTotal > 0 ? double(count) / double(rowTotal) : 0;
            QTableWidgetItem *item = readOnly(count ? QString::number(count) : QString());
            // Diagonal in green, mistakes in red, by the share of the true class's photos.
            const QColor hue = t == p ? QColor(40, 150, 70) : QColor(210, 50, 40);
            item->setBackground(QColor::fromRgbF(1 - (1 - hue.redF()) * share,
                                                 1 - (1 - hue.greenF()) * share,
                                                 1 - (1 - hue.blueF()) * share));
            item->setForeground(share > 0.55 ? Qt::white : Qt::black);
            item->setTextAlignment(Qt::AlignCenter);
            item->setToolTip(tr("truth %1, predicted %2: %3 photos (%4% of the truth)")
                                 .arg(names[t], names[p])
                                 .arg(count)
                                 .arg(100 * share, 0, 'f', 1));
            m_matrix->setItem(t, p, item);
        }
    }
    m_classes->setRowCount(n);
    for (int c = 0; c < n; ++c) {
        qint64 support = 0;
        for (int p = 0; p < n; ++p)
            support += shown.at(c, p);
        m_classes->setItem(c, 0, readOnly(names[c]));
        m_classes->setItem(c, 1, readOnly(QString::number(shown.precision(c), 'f', 3)));
        m_classes->setItem(c, 2, readOnly(QString::number(shown.recall(c), 'f', 3)));
        m_classes->setItem(c, 3, readOnly(QString::number(shown.f1(c), 'f', 3)));
        m_classes->setItem(c, 4, readOnly(QString::number(support)));
    }
}

} // namespace masklab::ui
