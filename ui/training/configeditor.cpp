#include "configeditor.h"

#include "lrschedule.h"

#include "textfile.h"
#include "trainpresets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {
using Kind = TrainConfigKey::Kind;

// Keys whose value is a path get a browse button: folder or file.
bool isFolderKey(const QString &key)
{
    return key == QLatin1String("data.dataset") || key == QLatin1String("data.workspace");
}
bool isFileKey(const QString &key)
{
    return key == QLatin1String("model.pretrained") || key == QLatin1String("split.folds_file");
}
} // namespace

ConfigEditor::ConfigEditor(QWidget *parent)
    : QWidget(parent), m_presets(new QComboBox), m_pages(new QTabWidget), m_summary(new QLabel),
      m_keys(trainConfigKeyInfo())
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_presets->addItem(tr("Presets..."));
    for (const TrainPreset &preset : trainPresets()) {
        m_presets->addItem(preset.name);
        m_presets->setItemData(m_presets->count() - 1, preset.description, Qt::ToolTipRole);
    }
    connect(m_presets, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            applyPreset(index - 1);
    });
    auto *load = new QPushButton(tr("Load..."));
    auto *save = new QPushButton(tr("Save..."));
    load->setToolTip(tr("Load a training config (YAML)"));
    save->setToolTip(tr("Save this config as YAML, for masklab-cli train --config"));
    connect(load, &QPushButton::clicked, this, &ConfigEditor::loadFileDialog);
    connect(save, &QPushButton::clicked, this, &ConfigEditor::saveFileDialog);
    bar->addWidget(m_presets, 1);
    bar->addWidget(load);
    bar->addWidget(save);
    layout->addLayout(bar);
    m_pages->setTabPosition(QTabWidget::West); // eight sections fit a narrow panel this way
    layout->addWidget(m_pages, 1);
    m_summary->setWordWrap(true);
    m_summary->setStyleSheet(QStringLiteral("color: #b00020"));
    layout->addWidget(m_summary);

    QMap<QString, QFormLayout *> forms;
    for (const TrainConfigKey &key : m_keys) {
        const QString section = key.key.section(u'.', 0, 0);
        if (!forms.contains(section)) {
            auto *page = new QWidget;
            forms[section] = new QFormLayout(page);
            forms[section]->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            auto *scroll = new QScrollArea;
            scroll->setWidgetResizable(true);
            scroll->setWidget(page);
            m_pages->addTab(scroll, section);
        }
        auto *cell = new QWidget;
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(1);
        cellLayout->addWidget(makeField(key));
        auto *problem = new QLabel;
        problem->setWordWrap(true);
        problem->setStyleSheet(QStringLiteral("color: #b00020"));
        problem->hide();
        m_problemLabels[key.key] = problem;
        cellLayout->addWidget(problem);
        forms[section]->addRow(key.key.section(u'.', 1), cell);
    }
    setConfig(TrainConfig());
}

QWidget *ConfigEditor::makeField(const TrainConfigKey &key)
{
    QWidget *field = nullptr;
    QWidget *shown = nullptr; // the field, or the field with its browse button
    const auto edited = [this] {
        if (!m_updating)
            revalidate();
    };
    switch (key.kind) {
    case Kind::Integer: {
        auto *spin = new QSpinBox;
        spin->setRange(int(key.low), int(std::min(key.high, 2147483647.0)));
        spin->setKeyboardTracking(false);
        connect(spin, &QSpinBox::valueChanged, this, edited);
        field = spin;
        break;
    }
    case Kind::Choice: {
        auto *combo = new QComboBox;
        combo->addItems(key.choices);
        connect(combo, &QComboBox::currentIndexChanged, this, edited);
        field = combo;
        break;
    }
    case Kind::Flag: {
        auto *check = new QCheckBox;
        connect(check, &QCheckBox::toggled, this, edited);
        field = check;
        break;
    }
    default: {
        auto *line = new QLineEdit;
        if (key.kind == Kind::OptionalInteger)
            line->setPlaceholderText(tr("from the workspace (EDA tab)"));
        if (key.key == QLatin1String("data.workspace"))
            line->setPlaceholderText(tr("<dataset>.masklab beside the dataset"));
        if (key.key ==
            QLatin1String("model.pretrained")) { // the key words first: the field is narrow
            line->setPlaceholderText(tr("imagenet or a .pth file"));
            line->setToolTip(tr("imagenet: torchvision's ImageNet weights for the architecture, "
                                "from its cache; a .pth file: a torchvision state dict; empty: "
                                "train from scratch"));
        }
        connect(line, &QLineEdit::textEdited, this, edited);
        field = line;
        if (isFolderKey(key.key) || isFileKey(key.key)) {
            auto *row = new QWidget;
            auto *rowLayout = new QHBoxLayout(row);
            rowLayout->setContentsMargins(0, 0, 0, 0);
            auto *browse = new QToolButton;
            browse->setText(QStringLiteral("..."));
            connect(browse, &QToolButton::clicked, this, [this, line, key] {
                const QString path =
                    isFileKey(key.key)
                        ? QFileDialog::getOpenFileName(
                              this, key.key, line->text(),
                              tr("PyTorch weights (*.pth *.pt);;All files (*)"))
                        : QFileDialog::getExistingDirectory(this, key.key, line->text());
                if (!path.isEmpty())
                    setFieldText(key.key, path);
            });
            rowLayout->addWidget(line, 1);
            rowLayout->addWidget(browse);
            shown = row;
        }
        break;
    }
    }
    field->setObjectName(key.key);
    m_fields[key.key] = field;
    return shown ? shown : field;
}

QString ConfigEditor::fieldText(const QString &key) const
{
    QWidget *field = m_fields.value(key);
    if (auto *spin = qobject_cast<QSpinBox *>(field))
        return QString::number(spin->value());
    if (auto *combo = qobject_cast<QComboBox *>(field))
        return combo->currentText();
    if (auto *check = qobject_cast<QCheckBox *>(field))
        return check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    const QString text = static_cast<QLineEdit *>(field)->text();
    const auto info = std::find_if(m_keys.begin(), m_keys.end(),
                                   [&](const TrainConfigKey &k) { return k.key == key; });
    if (info->kind == Kind::OptionalInteger && text.trimmed().isEmpty())
        return QStringLiteral("~");
    return text;
}

void ConfigEditor::showValue(const QString &key, const QString &text)
{
    QWidget *field = m_fields.value(key);
    if (auto *spin = qobject_cast<QSpinBox *>(field))
        spin->setValue(text.toInt());
    else if (auto *combo = qobject_cast<QComboBox *>(field))
        combo->setCurrentText(text);
    else if (auto *check = qobject_cast<QCheckBox *>(field))
        check->setChecked(text == QLatin1String("true"));
    else
        static_cast<QLineEdit *>(field)->setText(text == QLatin1String("~") ? QString() : text);
}

void ConfigEditor::setFieldText(const QString &key, const QString &text)
{
    m_updating = true;
    showValue(key, text);
    m_updating = false;
    revalidate();
}

void ConfigEditor::setConfig(const TrainConfig &config)
{
    m_updating = true;
    for (const TrainConfigKey &key : m_keys)
        showValue(key.key, trainConfigValue(config, key.key));
    m_updating = false;
    revalidate();
}

void ConfigEditor::revalidate()
{
    TrainConfig config;
    m_problems.clear();
    for (const TrainConfigKey &key : m_keys) {
        const QString problem = setTrainConfigValue(config, key.key, fieldText(key.key));
        if (!problem.isEmpty())
            m_problems[key.key] = problem;
    }
    if (m_problems.isEmpty()) {
        const QString rule = checkTrainConfig(config); // "key: what is wrong"
        if (!rule.isEmpty())
            m_problems[rule.section(u':', 0, 0)] = rule.section(QStringLiteral(": "), 1);
    }
    m_config = config;
    m_warnings.clear(); // allowed, but worth a second look
    if (const QString warning = scheduleWarning(config); !warning.isEmpty())
        m_warnings[QStringLiteral("scheduler.warmup_epochs")] =
            warning.section(QStringLiteral(": "), 1);
    for (auto it = m_problemLabels.begin(); it != m_problemLabels.end(); ++it) {
        const QString problem = m_problems.value(it.key());
        const QString text = problem.isEmpty() ? m_warnings.value(it.key()) : problem;
        it.value()->setText(text);
        it.value()->setStyleSheet(problem.isEmpty() ? QStringLiteral("color: #8a5300")
                                                    : QStringLiteral("color: #b00020"));
        it.value()->setVisible(!text.isEmpty());
    }
    QStringList summary;
    for (auto it = m_problems.begin(); it != m_problems.end(); ++it)
        summary << it.key() + QStringLiteral(": ") + it.value();
    for (auto it = m_warnings.begin(); it != m_warnings.end(); ++it)
        if (!m_problems.contains(it.key()))
            summary << tr("Note: %1: %2").arg(it.key(), it.value());
    m_summary->setStyleSheet(m_problems.isEmpty() ? QStringLiteral("color: #8a5300")
                                                  : QStringLiteral("color: #b00020"));
    m_summary->setText(summary.join(u'\n'));
    m_summary->setVisible(!summary.isEmpty());
    // Mark the pages that hold a problem, so none hides on another tab.
    for (int i = 0; i < m_pages->count(); ++i) {
        const QString section = m_pages->tabText(i).section(u' ', 0, 0);
        const bool bad =
            std::any_of(m_problems.keyBegin(), m_problems.keyEnd(),
                        [&](const QString &k) { return k.section(u'.', 0, 0) == section; });
        m_pages->setTabText(i, bad ? section + QStringLiteral(" (!)") : section);
    }
    emit changed();
}

QByteArray ConfigEditor::toYaml() const
{
    return trainConfigToYaml(m_config);
}

bool ConfigEditor::loadYaml(const QByteArray &yaml, const QString &source, QString *error)
{
    std::optional<TrainConfig> loaded = parseTrainConfig(yaml, source, error);
    if (!loaded)
        return false;
    if (loaded->data.dataset.isEmpty())
        loaded->data.dataset = m_config.data.dataset;
    setConfig(*loaded);
    return true;
}

bool ConfigEditor::loadFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return loadYaml(file.readAll(), path, error);
}

void ConfigEditor::applyPreset(int index)
{
    if (index < 0 || index >= int(trainPresets().size()))
        return;
    m_presets->setCurrentIndex(index + 1);
    setConfig(applyTrainPreset(trainPresets()[size_t(index)], m_config));
}

void ConfigEditor::loadFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load training config"), QString(),
                                                      tr("YAML files (*.yaml *.yml)"));
    QString error;
    if (!path.isEmpty() && !loadFile(path, &error))
        QMessageBox::warning(this, tr("Load training config"), error);
}

void ConfigEditor::saveFileDialog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save training config"), QStringLiteral("train.yaml"),
                                     tr("YAML files (*.yaml *.yml)"));
    QString error;
    if (!path.isEmpty() && !writeTextFile(path, QString::fromUtf8(toYaml()), &error))
        QMessageBox::warning(this, tr("Save training config"), error);
}

} // namespace masklab::ui
