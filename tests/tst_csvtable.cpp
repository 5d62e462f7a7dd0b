// The CSV reader against the shapes real competition files come in.

#include "csvtable.h"

#include <QTest>

using namespace masklab;

class TestCsvTable : public QObject
{
    Q_OBJECT
private slots:
    void shapes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("firstRow");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("firstLine");
        const QStringList row = {"1", "female", "Asian", "45", "000001_female_Asian_45"};
        QTest::newRow("plain") << QByteArray("id,gender,race,age,path\n"
                                             "1,female,Asian,45,000001_female_Asian_45\n")
                               << row << 1 << 2;
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBFid,gender,race,age,path\n"
                                           "1,female,Asian,45,000001_female_Asian_45\n")
                             << row << 1 << 2;
        QTest::newRow("CRLF") << QByteArray("id,gender,race,age,path\r\n"
                                            "1,female,Asian,45,000001_female_Asian_45\r\n"
                                            "2,male,Asian,20,000002_male_Asian_20\r\n")
                              << row << 2 << 2;
        QTest::newRow("old Mac CR") << QByteArray("id,gender,race,age,path\r"
                                                  "1,female,Asian,45,000001_female_Asian_45\r")
                                    << row << 1 << 2;
        QTest::newRow("quoted") << QByteArray("id,gender,race,age,path\n"
                                              "\"1\",\"female\",\"Asian\",45,"
                                              "\"000001_female_Asian_45\"\n")
                                << row << 1 << 2;
        QTest::newRow("spaces") << QByteArray("id , gender,race ,age,path\n"
                                              " 1 ,female ,  Asian,45 , 000001_female_Asian_45\n")
                                << row << 1 << 2;
        QTest::newRow("no final newline")
            << QByteArray("id,gender,race,age,path\n1,female,Asian,45,000001_female_Asian_45")
            << row << 1 << 2;
        QTest::newRow("blank lines") << QByteArray("\nid,gender,race,age,path\n\n"
                                                   "1,female,Asian,45,000001_female_Asian_45\n\n")
                                     << row << 1 << 4;
    }

    void shapes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, firstRow);
        QFETCH(int, rows);
        QFETCH(int, firstLine);
        const CsvTable table = parseCsv(bytes);
        QVERIFY2(table.syntaxError.isEmpty(), qPrintable(table.syntaxError));
        QCOMPARE(table.header, QStringList({"id", "gender", "race", "age", "path"}));
        QCOMPARE(int(table.records.size()), rows);
        QCOMPARE(table.records.front().fields, firstRow);
        QCOMPARE(table.records.front().line, firstLine);
    }

    void quotedFieldsKeepCommasQuotesAndNewlines()
    {
        const CsvTable table =
            parseCsv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row\n");
        QCOMPARE(int(table.records.size()), 3);
        QCOMPARE(table.records[0].fields, QStringList({"x, y", "say \"hi\""}));
        QCOMPARE(table.records[1].fields, QStringList({"two\nlines", "z"}));
        QCOMPARE(table.records[1].line, 3);
        QCOMPARE(table.records[2].line, 5); // line numbers count the embedded newline
    }

    void columnsByNameAndExtraColumns()
    {
        const CsvTable table = parseCsv("path,ID,note,age\nfolder,7,extra,33\n");
        QCOMPARE(table.column("id"), 1);
        QCOMPARE(table.column("path"), 0);
        QCOMPARE(table.column("gender"), -1);
        QCOMPARE(table.field(table.records[0], table.column("age")), QStringLiteral("33"));
        QCOMPARE(table.field(table.records[0], 9), QString());
    }

    void unterminatedQuoteNamesItsLine()
    {
        const CsvTable table = parseCsv("a,b\n1,2\n3,\"open\n4,5\n");
        QCOMPARE(table.syntaxErrorLine, 3);
        QVERIFY(table.syntaxError.contains("unterminated"));
        QCOMPARE(int(table.records.size()), 1);
    }

    void textAfterClosingQuote()
    {
        const CsvTable table = parseCsv("a,b\n\"x\"y,2\n");
        QCOMPARE(table.syntaxErrorLine, 2);
        QVERIFY(table.syntaxError.contains("closing quote"));
    }

    void escapeRoundTrip()
    {
        for (const QString &value : {QStringLiteral("plain"), QStringLiteral("a,b"),
                                     QStringLiteral("say \"x\""), QStringLiteral("two\nlines")}) {
            const CsvTable table = parseCsv(("h\n" + csvEscape(value) + "\n").toUtf8());
            QCOMPARE(table.records.front().fields.front(), value);
        }
    }
};

QTEST_APPLESS_MAIN(TestCsvTable)
#include "tst_csvtable.moc"
