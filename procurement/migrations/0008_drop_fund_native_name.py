# A fund's Persian name is now its translated `name_fa` (copied by 0007).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("procurement", "0007_fill_translations")]

    operations = [migrations.RemoveField(model_name="fund", name="native_name")]
