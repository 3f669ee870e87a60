from django.db import migrations


class Migration(migrations.Migration):
    """Issues now belong to ``bulletins`` (state only: the tables stay)."""

    dependencies = [
        ("publications", "0005_publication_default_distribution"),
        ("search", "0007_issue_docs_point_to_bulletins"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="issueentry",
                    name="issue",
                ),
                migrations.RemoveField(
                    model_name="issueread",
                    name="issue",
                ),
                migrations.RemoveField(
                    model_name="issuerecipient",
                    name="issue",
                ),
                migrations.RemoveField(
                    model_name="issuecounter",
                    name="publication",
                ),
                migrations.RemoveField(
                    model_name="issueentry",
                    name="column",
                ),
                migrations.RemoveField(
                    model_name="issueentry",
                    name="items",
                ),
                migrations.RemoveField(
                    model_name="issueread",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="issuerecipient",
                    name="unit",
                ),
                migrations.RemoveField(
                    model_name="issuerecipient",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Issue",
                ),
                migrations.DeleteModel(
                    name="IssueCounter",
                ),
                migrations.DeleteModel(
                    name="IssueEntry",
                ),
                migrations.DeleteModel(
                    name="IssueRead",
                ),
                migrations.DeleteModel(
                    name="IssueRecipient",
                ),
            ],
        ),
    ]
