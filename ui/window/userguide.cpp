#include "userguide.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace masklab::ui {

QString userGuideMarkdown(const QString &readme)
{
    const qsizetype begin = readme.indexOf(QLatin1String("\n## Opening your own dataset"));
    const qsizetype end = readme.indexOf(QLatin1String("\n## Building by hand"));
    if (begin < 0 || end < begin)
        return readme; // a README in another shape: all of it rather than nothing
    return QStringLiteral("# Getting started with MaskLab\n") + readme.mid(begin, end - begin);
}

UserGuideDialog::UserGuideDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Getting started with MaskLab"));
    auto *browser = new QTextBrowser;
    browser->setObjectName(QStringLiteral("guide"));
    browser->setOpenExternalLinks(true);
    QFile readme(QStringLiteral(":/masklab/README.md"));
    readme.open(QIODevice::ReadOnly); // built in: it opens
    browser->setMarkdown(userGuideMarkdown(QString::fromUtf8(readme.readAll())));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(browser);
    layout->addWidget(buttons);
    resize(820, 700);
}

QString UserGuideDialog::text() const
{
    return findChild<QTextBrowser *>(QStringLiteral("guide"))->toPlainText();
}

} // namespace masklab::ui
