<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
  <context>
    <name>AccountStatus</name>
    <message>
      <source>Click to enter the password again.</source>
      <translation>Klicken, um das Passwort erneut einzugeben.</translation>
    </message>
    <message>
      <source>Click to sign in to Mastodon again.</source>
      <translation>Klicken, um sich erneut bei Mastodon anzumelden.</translation>
    </message>
    <message>
      <source>Last error: %1</source>
      <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
      <source>Password needed</source>
      <translation>Passwort nötig</translation>
    </message>
    <message>
      <source>Sign in again</source>
      <translation>Neu anmelden</translation>
    </message>
    <message>
      <source>Sync failed</source>
      <translation>Abgleich fehlgeschlagen</translation>
    </message>
  </context>
  <context>
    <name>Actions</name>
    <message>
      <source>Done</source>
      <translation>Erledigt</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>Label…</source>
      <translation>Label…</translation>
    </message>
    <message>
      <source>Next conversation</source>
      <translation>Nächste Unterhaltung</translation>
    </message>
    <message>
      <source>Open conversation</source>
      <translation>Unterhaltung öffnen</translation>
    </message>
    <message>
      <source>Previous conversation</source>
      <translation>Vorherige Unterhaltung</translation>
    </message>
    <message>
      <source>Read / unread</source>
      <translation>Gelesen / ungelesen</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Antworten</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Suchen</translation>
    </message>
    <message>
      <source>Snooze…</source>
      <translation>Zurückstellen…</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>Rückgängig</translation>
    </message>
  </context>
  <context>
    <name>AddAccount</name>
    <message>
      <source> min</source>
      <translation> Min.</translation>
    </message>
    <message>
      <source>A port is a number from 1 to 65535.</source>
      <translation>Ein Port ist eine Zahl von 1 bis 65535.</translation>
    </message>
    <message>
      <source>A workspace with this name exists already; choose it in the list or pick another name.</source>
      <translation>Einen Arbeitsbereich mit diesem Namen gibt es schon; wählen Sie ihn in der Liste oder nehmen Sie einen anderen Namen.</translation>
    </message>
    <message>
      <source>Access was not granted in the browser. Nothing was saved.</source>
      <translation>Im Browser wurde kein Zugriff gewährt. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
      <source>Add an account</source>
      <translation>Konto hinzufügen</translation>
    </message>
    <message>
      <source>Any provider with IMAP and SMTP: read, reply, label and archive customer mail.</source>
      <translation>Jeder Anbieter mit IMAP und SMTP: Kundenmails lesen, beantworten, mit Labels versehen und archivieren.</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Zurück</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Cancel sign-in</source>
      <translation>Anmeldung abbrechen</translation>
    </message>
    <message>
      <source>Check every:</source>
      <translation>Prüfen alle:</translation>
    </message>
    <message>
      <source>Direct messages and mentions of your business account.</source>
      <translation>Direktnachrichten und Erwähnungen Ihres Geschäftskontos.</translation>
    </message>
    <message>
      <source>Email</source>
      <translation>E-Mail</translation>
    </message>
    <message>
      <source>Email address:</source>
      <translation>E-Mail-Adresse:</translation>
    </message>
    <message>
      <source>Enter the address of your Mastodon server, like mastodon.social.</source>
      <translation>Geben Sie die Adresse Ihres Mastodon-Servers ein, z. B. mastodon.social.</translation>
    </message>
    <message>
      <source>Enter the email address.</source>
      <translation>Geben Sie die E-Mail-Adresse ein.</translation>
    </message>
    <message>
      <source>Enter the feed's web address (http:// or https://).</source>
      <translation>Geben Sie die Webadresse des Feeds ein (http:// oder https://).</translation>
    </message>
    <message>
      <source>Enter the name customers see as the sender.</source>
      <translation>Geben Sie den Namen ein, den Kunden als Absender sehen.</translation>
    </message>
    <message>
      <source>Enter the password.</source>
      <translation>Geben Sie das Passwort ein.</translation>
    </message>
    <message>
      <source>Enter the server name; your provider's help pages list it.</source>
      <translation>Geben Sie den Servernamen ein; er steht auf den Hilfeseiten Ihres Anbieters.</translation>
    </message>
    <message>
      <source>Feed (listening)</source>
      <translation>Feed (Zuhören)</translation>
    </message>
    <message>
      <source>Feed address:</source>
      <translation>Feed-Adresse:</translation>
    </message>
    <message>
      <source>Give the new workspace a name.</source>
      <translation>Geben Sie dem neuen Arbeitsbereich einen Namen.</translation>
    </message>
    <message>
      <source>If no browser opened, copy this address into one.</source>
      <translation>Falls sich kein Browser geöffnet hat, kopieren Sie diese Adresse in einen.</translation>
    </message>
    <message>
      <source>In the browser:</source>
      <translation>Im Browser:</translation>
    </message>
    <message>
      <source>Incoming mail (IMAP)</source>
      <translation>Posteingang (IMAP)</translation>
    </message>
    <message>
      <source>Mastodon</source>
      <translation>Mastodon</translation>
    </message>
    <message>
      <source>Name of the new workspace, e.g. your business</source>
      <translation>Name des neuen Arbeitsbereichs, z. B. Ihr Geschäft</translation>
    </message>
    <message>
      <source>Name:</source>
      <translation>Name:</translation>
    </message>
    <message>
      <source>New workspace…</source>
      <translation>Neuer Arbeitsbereich …</translation>
    </message>
    <message>
      <source>No Mastodon server answers at this address. Check the spelling and your internet connection.</source>
      <translation>Unter dieser Adresse antwortet kein Mastodon-Server. Prüfen Sie die Schreibweise und Ihre Internetverbindung.</translation>
    </message>
    <message>
      <source>No answer from the browser in time. Sign in again and click “Authorize” on the page that opens.</source>
      <translation>Keine rechtzeitige Antwort aus dem Browser. Melden Sie sich erneut an und klicken Sie auf der Seite, die sich öffnet, auf „Autorisieren“.</translation>
    </message>
    <message>
      <source>No encryption: only allowed for a server on this computer (127.0.0.1 or localhost).</source>
      <translation>Keine Verschlüsselung: nur für einen Server auf diesem Computer erlaubt (127.0.0.1 oder localhost).</translation>
    </message>
    <message>
      <source>No server by this name can be found. Check the spelling and your internet connection.</source>
      <translation>Es gibt keinen Server mit diesem Namen. Prüfen Sie die Schreibweise und Ihre Internetverbindung.</translation>
    </message>
    <message>
      <source>None (this computer only)</source>
      <translation>Keine (nur dieser Computer)</translation>
    </message>
    <message>
      <source>Nothing was saved.</source>
      <translation>Es wurde nichts gespeichert.</translation>
    </message>
    <message>
      <source>Nothing was saved: %1</source>
      <translation>Es wurde nichts gespeichert: %1</translation>
    </message>
    <message>
      <source>Only entries that mention one of these words; leave empty for all entries.</source>
      <translation>Nur Einträge, die eines dieser Wörter erwähnen; leer lassen für alle Einträge.</translation>
    </message>
    <message>
      <source>Only https:// addresses are allowed for a server on the network.</source>
      <translation>Für einen Server im Netz sind nur https://-Adressen erlaubt.</translation>
    </message>
    <message>
      <source>Only if your provider's login differs from the address.</source>
      <translation>Nur wenn sich die Anmeldung bei Ihrem Anbieter von der Adresse unterscheidet.</translation>
    </message>
    <message>
      <source>Only with words:</source>
      <translation>Nur mit Wörtern:</translation>
    </message>
    <message>
      <source>Outgoing mail (SMTP)</source>
      <translation>Postausgang (SMTP)</translation>
    </message>
    <message>
      <source>Password:</source>
      <translation>Passwort:</translation>
    </message>
    <message>
      <source>Port:</source>
      <translation>Port:</translation>
    </message>
    <message>
      <source>RSS, Atom or JSON Feed of a forum or review site that talks about you.</source>
      <translation>RSS-, Atom- oder JSON-Feed eines Forums oder Bewertungsportals, in dem über Sie gesprochen wird.</translation>
    </message>
    <message>
      <source>RSS, Atom or JSON Feed, e.g. a forum search, a review site or a blog's comments. New entries appear under Listening; you answer them on the website.</source>
      <translation>RSS, Atom oder JSON Feed, z. B. eine Forensuche, ein Bewertungsportal oder die Kommentare eines Blogs. Neue Einträge erscheinen unter Mithören; beantwortet werden sie auf der Website.</translation>
    </message>
    <message>
      <source>Reading the feed…</source>
      <translation>Feed wird gelesen …</translation>
    </message>
    <message>
      <source>SSL/TLS</source>
      <translation>SSL/TLS</translation>
    </message>
    <message>
      <source>STARTTLS</source>
      <translation>STARTTLS</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Wird gespeichert …</translation>
    </message>
    <message>
      <source>Security:</source>
      <translation>Sicherheit:</translation>
    </message>
    <message>
      <source>Sender name:</source>
      <translation>Absendername:</translation>
    </message>
    <message>
      <source>Server:</source>
      <translation>Server:</translation>
    </message>
    <message>
      <source>Sign in with the browser</source>
      <translation>Im Browser anmelden</translation>
    </message>
    <message>
      <source>Sign-in cancelled. Nothing was saved.</source>
      <translation>Anmeldung abgebrochen. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
      <source>Test and save</source>
      <translation>Testen und speichern</translation>
    </message>
    <message>
      <source>Testing the connection to %1 and %2…</source>
      <translation>Verbindung zu %1 und %2 wird getestet …</translation>
    </message>
    <message>
      <source>The connection test failed: %1</source>
      <translation>Der Verbindungstest ist fehlgeschlagen: %1</translation>
    </message>
    <message>
      <source>The connection works, but no keyring can keep the password.</source>
      <translation>Die Verbindung funktioniert, aber kein Schlüsselbund kann das Passwort aufbewahren.</translation>
    </message>
    <message>
      <source>The encrypted connection failed. Check that security and port match (SSL/TLS: usually 993 and 465, STARTTLS: 143 and 587).</source>
      <translation>Die verschlüsselte Verbindung ist fehlgeschlagen. Prüfen Sie, ob Sicherheit und Port zusammenpassen (SSL/TLS: meist 993 und 465, STARTTLS: 143 und 587).</translation>
    </message>
    <message>
      <source>The incoming mail server (IMAP) refused the user name or password. Check both; some providers need an app password.</source>
      <translation>Der Posteingangsserver (IMAP) hat Benutzername oder Passwort abgelehnt. Prüfen Sie beides; manche Anbieter verlangen ein App-Passwort.</translation>
    </message>
    <message>
      <source>The outgoing mail server (SMTP) refused the user name or password. Check both; some providers need an app password.</source>
      <translation>Der Postausgangsserver (SMTP) hat Benutzername oder Passwort abgelehnt. Prüfen Sie beides; manche Anbieter verlangen ein App-Passwort.</translation>
    </message>
    <message>
      <source>The server cannot be reached. Check your internet connection.</source>
      <translation>Der Server ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung.</translation>
    </message>
    <message>
      <source>The server did not answer in time. Check the address and your internet connection, then try again.</source>
      <translation>Der Server hat nicht rechtzeitig geantwortet. Prüfen Sie die Adresse und Ihre Internetverbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
      <source>The server did not answer in time. Check the server name and port, then try again.</source>
      <translation>Der Server hat nicht rechtzeitig geantwortet. Prüfen Sie Servername und Port und versuchen Sie es noch einmal.</translation>
    </message>
    <message>
      <source>The server has a problem right now; try again later.</source>
      <translation>Der Server hat gerade ein Problem; versuchen Sie es später erneut.</translation>
    </message>
    <message>
      <source>The server refused the connection on this port. Check the port and the security setting.</source>
      <translation>Der Server hat die Verbindung auf diesem Port abgelehnt. Prüfen Sie den Port und die Sicherheitseinstellung.</translation>
    </message>
    <message>
      <source>The server refused the sign-in. Try again; if it keeps failing, the server may not allow new apps.</source>
      <translation>Der Server hat die Anmeldung abgelehnt. Versuchen Sie es erneut; scheitert es weiter, lässt der Server vielleicht keine neuen Apps zu.</translation>
    </message>
    <message>
      <source>The server's certificate is not trusted, so the password was not sent. Check the server name; if it is right, ask your provider about the certificate.</source>
      <translation>Dem Zertifikat des Servers wird nicht vertraut, deshalb wurde das Passwort nicht gesendet. Prüfen Sie den Servernamen; stimmt er, fragen Sie Ihren Anbieter nach dem Zertifikat.</translation>
    </message>
    <message>
      <source>The sign-in failed: %1</source>
      <translation>Die Anmeldung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
      <source>This is needed.</source>
      <translation>Diese Angabe wird benötigt.</translation>
    </message>
    <message>
      <source>This is not a server address (like mastodon.social).</source>
      <translation>Das ist keine Serveradresse (wie mastodon.social).</translation>
    </message>
    <message>
      <source>This is not a server name (like mail.example.org).</source>
      <translation>Das ist kein Servername (etwa mail.example.org).</translation>
    </message>
    <message>
      <source>This is not an email address (like hallo@example.org).</source>
      <translation>Das ist keine E-Mail-Adresse (etwa hallo@example.org).</translation>
    </message>
    <message>
      <source>This server does not answer like a Mastodon server. Check the address.</source>
      <translation>Dieser Server antwortet nicht wie ein Mastodon-Server. Prüfen Sie die Adresse.</translation>
    </message>
    <message>
      <source>This value is not valid.</source>
      <translation>Dieser Wert ist ungültig.</translation>
    </message>
    <message>
      <source>This workspace has this Mastodon account already.</source>
      <translation>Dieser Arbeitsbereich hat dieses Mastodon-Konto bereits.</translation>
    </message>
    <message>
      <source>This workspace has this account already.</source>
      <translation>Dieser Arbeitsbereich hat dieses Konto bereits.</translation>
    </message>
    <message>
      <source>This workspace listens to this feed already.</source>
      <translation>Dieser Arbeitsbereich hört diesen Feed bereits mit.</translation>
    </message>
    <message>
      <source>Tresen could not read a feed there: %1</source>
      <translation>Tresen konnte dort keinen Feed lesen: %1</translation>
    </message>
    <message>
      <source>Tresen logs in to both servers before it saves anything. The password goes to your computer's keyring, nowhere else.</source>
      <translation>Tresen meldet sich bei beiden Servern an, bevor etwas gespeichert wird. Das Passwort kommt in den Schlüsselbund Ihres Computers und nirgendwo sonst hin.</translation>
    </message>
    <message>
      <source>Tresen opens your server's sign-in page in your web browser. Sign in there and click “Authorize”; Tresen never sees your password. The access key goes to your computer's keyring, nowhere else.</source>
      <translation>Tresen öffnet die Anmeldeseite Ihres Servers in Ihrem Webbrowser. Melden Sie sich dort an und klicken Sie auf „Autorisieren“; Tresen sieht Ihr Passwort nie. Der Zugangsschlüssel kommt in den Schlüsselbund Ihres Computers, nirgendwo sonst hin.</translation>
    </message>
    <message>
      <source>User name:</source>
      <translation>Benutzername:</translation>
    </message>
    <message>
      <source>Waiting for you to allow access in the browser…</source>
      <translation>Warte darauf, dass Sie im Browser den Zugriff erlauben …</translation>
    </message>
    <message>
      <source>Which channel do you want to add?</source>
      <translation>Welchen Kanal möchten Sie hinzufügen?</translation>
    </message>
    <message>
      <source>Without encryption the password would cross the network readable by anyone. “None” is only allowed for a server on this computer (127.0.0.1 or localhost); choose SSL/TLS or STARTTLS.</source>
      <translation>Ohne Verschlüsselung ginge das Passwort für jeden lesbar durchs Netz. „Keine“ ist nur für einen Server auf diesem Computer erlaubt (127.0.0.1 oder localhost); wählen Sie SSL/TLS oder STARTTLS.</translation>
    </message>
    <message>
      <source>Workspace:</source>
      <translation>Arbeitsbereich:</translation>
    </message>
    <message>
      <source>e.g. Bäckerei Sonnenschein</source>
      <translation>z. B. Bäckerei Sonnenschein</translation>
    </message>
    <message>
      <source>e.g. City forum</source>
      <translation>z. B. Stadtforum</translation>
    </message>
    <message>
      <source>e.g. Sonnenschein, Zimtschnecken</source>
      <translation>z. B. Sonnenschein, Zimtschnecken</translation>
    </message>
    <message>
      <source>e.g. mastodon.social</source>
      <translation>z. B. mastodon.social</translation>
    </message>
    <message>
      <source>hallo@your-business.example</source>
      <translation>hallo@ihr-geschaeft.example</translation>
    </message>
    <message>
      <source>https://forum.example/search.rss?q=your+name</source>
      <translation>https://forum.example/suche.rss?q=ihr+name</translation>
    </message>
    <message>
      <source>the email address</source>
      <translation>die E-Mail-Adresse</translation>
    </message>
    <message>
      <source>“None” is only allowed for a server on this computer (127.0.0.1 or localhost); choose SSL/TLS or STARTTLS.</source>
      <translation>„Keine“ ist nur für einen Server auf diesem Computer erlaubt (127.0.0.1 oder localhost); wählen Sie SSL/TLS oder STARTTLS.</translation>
    </message>
  </context>
  <context>
    <name>Attachments</name>
    <message>
      <source>Attachments can be harmful. Open it only if you expected it from this sender.</source>
      <translation>Anhänge können schädlich sein. Öffnen Sie ihn nur, wenn Sie ihn von diesem Absender erwartet haben.</translation>
    </message>
    <message>
      <source>Could not get “%1”: %2</source>
      <translation>„%1“ konnte nicht geholt werden: %2</translation>
    </message>
    <message>
      <source>Could not save: %1</source>
      <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
      <source>Could not write a temporary copy: %1</source>
      <translation>Temporäre Kopie konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
      <source>Documents like this can contain macros that run when opened. Do not enable macros or editing unless you trust the sender.</source>
      <translation>Solche Dokumente können Makros enthalten, die beim Öffnen laufen. Aktivieren Sie Makros oder die Bearbeitung nur, wenn Sie dem Absender vertrauen.</translation>
    </message>
    <message>
      <source>Open attachment?</source>
      <translation>Anhang öffnen?</translation>
    </message>
    <message>
      <source>Open “%1” (%2, %3) with the program your computer uses for it?</source>
      <translation>„%1“ (%2, %3) mit dem Programm öffnen, das Ihr Computer dafür verwendet?</translation>
    </message>
    <message>
      <source>Save attachment</source>
      <translation>Anhang speichern</translation>
    </message>
    <message>
      <source>This attachment is gone (the message was deleted).</source>
      <translation>Dieser Anhang ist nicht mehr da (die Nachricht wurde gelöscht).</translation>
    </message>
    <message>
      <source>This is a program or script: opening it runs it, with access to all your files. Only open it if you asked this sender for exactly this file.</source>
      <translation>Das ist ein Programm oder Skript: Öffnen führt es aus, mit Zugriff auf alle Ihre Dateien. Öffnen Sie es nur, wenn Sie genau diese Datei bei diesem Absender angefragt haben.</translation>
    </message>
  </context>
  <context>
    <name>Availability</name>
    <message>
      <source> days</source>
      <translation> Tage</translation>
    </message>
    <message>
      <source> hours</source>
      <translation> Stunden</translation>
    </message>
    <message>
      <source> per hour</source>
      <translation> pro Stunde</translation>
    </message>
    <message>
      <source>(once auto-reply is switched on)</source>
      <translation>(sobald die automatische Antwort eingeschaltet ist)</translation>
    </message>
    <message>
      <source>+ Add hours</source>
      <translation>+ Zeiten hinzufügen</translation>
    </message>
    <message>
      <source>A customer writing at that time on %1 would receive:</source>
      <translation>Wer zu dieser Zeit an %1 schreibt, bekäme:</translation>
    </message>
    <message>
      <source>A customer writing now on %1 would receive:</source>
      <translation>Wer jetzt an %1 schreibt, bekäme:</translation>
    </message>
    <message>
      <source>Add closure</source>
      <translation>Schließzeit hinzufügen</translation>
    </message>
    <message>
      <source>Always, whatever the settings: no notice to automatic mail (Auto-Submitted, mailing lists, bulk), to mailer-daemon or no-reply senders, to our own addresses or to accounts marked as bots.</source>
      <translation>Immer, unabhängig von diesen Einstellungen: kein Hinweis an automatische Mails (Auto-Submitted, Mailinglisten, Massenmails), an Mailer-Daemon- oder No-Reply-Absender, an unsere eigenen Adressen oder an als Bot markierte Konten.</translation>
    </message>
    <message>
      <source>Answer customers who write outside opening hours with the notice</source>
      <translation>Kunden, die außerhalb der Öffnungszeiten schreiben, mit dem Hinweis antworten</translation>
    </message>
    <message>
      <source>At most</source>
      <translation>Höchstens</translation>
    </message>
    <message>
      <source>Auto-reply</source>
      <translation>Automatische Antwort</translation>
    </message>
    <message>
      <source>Availability</source>
      <translation>Erreichbarkeit</translation>
    </message>
    <message>
      <source>Business name:</source>
      <translation>Name des Betriebs:</translation>
    </message>
    <message>
      <source>Calendar files (*.ics)</source>
      <translation>Kalenderdateien (*.ics)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Closure %1: %2</source>
      <translation>Schließzeit %1: %2</translation>
    </message>
    <message>
      <source>Closures</source>
      <translation>Schließzeiten</translation>
    </message>
    <message>
      <source>Could not read %1: %2</source>
      <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
      <source>Could not save: %1</source>
      <translation>Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
      <source>Customers get the notice in %1, the workspace's language.</source>
      <translation>Kunden erhalten den Hinweis auf %1, der Sprache des Arbeitsbereichs.</translation>
    </message>
    <message>
      <source>Default %1: a brake for when a mailing list or another auto-responder starts a loop.</source>
      <translation>Standard %1: eine Bremse, falls eine Mailingliste oder ein anderer Autoresponder eine Schleife beginnt.</translation>
    </message>
    <message>
      <source>Default %1: a customer who writes five times over a long weekend gets one notice, not five.</source>
      <translation>Standard %1: Wer an einem langen Wochenende fünfmal schreibt, bekommt einen Hinweis, nicht fünf.</translation>
    </message>
    <message>
      <source>Default %1: after days offline, Tresen does not greet last week's customers with a stale notice.</source>
      <translation>Standard %1: Nach Tagen offline begrüßt Tresen die Kunden der letzten Woche nicht mit einem veralteten Hinweis.</translation>
    </message>
    <message>
      <source>English</source>
      <translation>Englisch</translation>
    </message>
    <message>
      <source>Fix the problems above to see the notice.</source>
      <translation>Beheben Sie die Probleme oben, um den Hinweis zu sehen.</translation>
    </message>
    <message>
      <source>Friday</source>
      <translation>Freitag</translation>
    </message>
    <message>
      <source>From</source>
      <translation>Von</translation>
    </message>
    <message>
      <source>German</source>
      <translation>Deutsch</translation>
    </message>
    <message>
      <source>Import .ics…</source>
      <translation>.ics importieren…</translation>
    </message>
    <message>
      <source>Import closures from a calendar</source>
      <translation>Schließzeiten aus einem Kalender importieren</translation>
    </message>
    <message>
      <source>Import failed: %1</source>
      <translation>Import fehlgeschlagen: %1</translation>
    </message>
    <message>
      <source>Monday</source>
      <translation>Montag</translation>
    </message>
    <message>
      <source>Never answer messages older than</source>
      <translation>Nie auf Nachrichten antworten, die älter sind als</translation>
    </message>
    <message>
      <source>No schedule saved yet: this workspace counts as always open and sends no notice. These starter hours are saved only when you press Save.</source>
      <translation>Noch keine Zeiten gespeichert: Dieser Arbeitsbereich gilt als immer geöffnet und sendet keinen Hinweis. Diese Startzeiten werden erst mit „Speichern“ übernommen.</translation>
    </message>
    <message>
      <source>Nothing — you are open then.</source>
      <translation>Nichts – dann ist geöffnet.</translation>
    </message>
    <message>
      <source>Notice</source>
      <translation>Hinweis</translation>
    </message>
    <message>
      <source>Off by default: nothing is sent by itself until you switch it on.</source>
      <translation>Standardmäßig aus: Nichts wird von selbst gesendet, bis Sie es einschalten.</translation>
    </message>
    <message>
      <source>One notice per sender every</source>
      <translation>Ein Hinweis pro Absender alle</translation>
    </message>
    <message>
      <source>Opening hours</source>
      <translation>Öffnungszeiten</translation>
    </message>
    <message>
      <source>Preview on</source>
      <translation>Vorschau für</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>Grund</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <source>Remove these hours</source>
      <translation>Diese Zeiten entfernen</translation>
    </message>
    <message>
      <source>Saturday</source>
      <translation>Samstag</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Speichern</translation>
    </message>
    <message>
      <source>Sunday</source>
      <translation>Sonntag</translation>
    </message>
    <message>
      <source>Thursday</source>
      <translation>Donnerstag</translation>
    </message>
    <message>
      <source>Time zone:</source>
      <translation>Zeitzone:</translation>
    </message>
    <message>
      <source>To</source>
      <translation>Bis</translation>
    </message>
    <message>
      <source>Tuesday</source>
      <translation>Dienstag</translation>
    </message>
    <message>
      <source>Type hours like 09:00–13:00; add a second range for a split day. A range may run past midnight (22:00–02:00).</source>
      <translation>Zeiten wie 09:00–13:00 eingeben; für einen geteilten Tag einen zweiten Bereich hinzufügen. Ein Bereich darf über Mitternacht gehen (22:00–02:00).</translation>
    </message>
    <message>
      <source>Variables: %1</source>
      <translation>Variablen: %1</translation>
    </message>
    <message>
      <source>Wednesday</source>
      <translation>Mittwoch</translation>
    </message>
    <message>
      <source>Whole days as 2026-12-24; part of a day as 2026-12-24 14:00. The reason is what customers read in the notice.</source>
      <translation>Ganze Tage als 2026-12-24, Teile eines Tages als 2026-12-24 14:00. Den Grund lesen Kunden im Hinweis.</translation>
    </message>
    <message>
      <source>Workspace:</source>
      <translation>Arbeitsbereich:</translation>
    </message>
    <message>
      <source>at</source>
      <translation>am</translation>
    </message>
    <message>
      <source>closed</source>
      <translation>geschlossen</translation>
    </message>
    <message>
      <source>now</source>
      <translation>jetzt</translation>
    </message>
    <message>
      <source>this workspace</source>
      <translation>diesen Arbeitsbereich</translation>
    </message>
    <message>
      <source>“%1” is not a time range like 09:00–13:00</source>
      <translation>„%1“ ist kein Zeitbereich wie 09:00–13:00</translation>
    </message>
  </context>
  <context>
    <name>AwayBanner</name>
    <message>
      <source>%1 until %2</source>
      <translation>%1 bis %2</translation>
    </message>
    <message>
      <source>Availability…</source>
      <translation>Erreichbarkeit…</translation>
    </message>
    <message>
      <source>Closed (%2) until %1</source>
      <translation>Geschlossen (%2) bis %1</translation>
    </message>
    <message>
      <source>Closed until %1</source>
      <translation>Geschlossen bis %1</translation>
    </message>
    <message>
      <source>Closed: %1</source>
      <translation>Geschlossen: %1</translation>
    </message>
    <message>
      <source>further notice</source>
      <translation>auf Weiteres</translation>
    </message>
    <message>
      <source>no away notice is active</source>
      <translation>kein Abwesenheitshinweis aktiv</translation>
    </message>
    <message>
      <source>notice active on %1 accounts</source>
      <translation>Hinweis aktiv auf %1 Konten</translation>
    </message>
    <message>
      <source>notice active on 1 account</source>
      <translation>Hinweis aktiv auf 1 Konto</translation>
    </message>
  </context>
  <context>
    <name>ConversationView</name>
    <message>
      <source>(no subject)</source>
      <translation>(kein Betreff)</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Erledigt</translation>
    </message>
    <message>
      <source>No conversation selected</source>
      <translation>Keine Unterhaltung ausgewählt</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Offen</translation>
    </message>
    <message>
      <source>Select a conversation on the left to read it. Use j and k to move through the list and r to reply; press ? for all shortcuts.</source>
      <translation>Wählen Sie links eine Unterhaltung aus, um sie zu lesen. Mit j und k bewegen Sie sich durch die Liste, mit r antworten Sie; ? zeigt alle Tastenkürzel.</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>Zurückgestellt</translation>
    </message>
  </context>
  <context>
    <name>KeyringPrompt</name>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>No keyring (password store) is available or it is locked. Install or unlock one (GNOME Keyring, KWallet, macOS Keychain, Windows Credential Locker) and try again, or use the account for this session only: the password stays in memory until Tresen quits, and Tresen asks for it again next time.</source>
      <translation>Es ist kein Schlüsselbund (Passwortspeicher) verfügbar, oder er ist gesperrt. Installieren oder entsperren Sie einen (GNOME Keyring, KWallet, macOS-Schlüsselbund, Windows-Anmeldeinformationsverwaltung) und versuchen Sie es erneut – oder nutzen Sie das Konto nur für diese Sitzung: Das Passwort bleibt im Arbeitsspeicher, bis Tresen beendet wird, und Tresen fragt beim nächsten Mal wieder danach.</translation>
    </message>
    <message>
      <source>No password store</source>
      <translation>Kein Passwortspeicher</translation>
    </message>
    <message>
      <source>Tresen cannot keep the password safely on this computer.</source>
      <translation>Tresen kann das Passwort auf diesem Computer nicht sicher aufbewahren.</translation>
    </message>
    <message>
      <source>Use for this session only</source>
      <translation>Nur für diese Sitzung verwenden</translation>
    </message>
  </context>
  <context>
    <name>LabelPicker</name>
    <message>
      <source>Enter adds or removes the highlighted label.</source>
      <translation>Enter setzt oder entfernt das markierte Label.</translation>
    </message>
    <message>
      <source>Enter creates the label “%1”.</source>
      <translation>Enter legt das Label „%1“ an.</translation>
    </message>
    <message>
      <source>Label</source>
      <translation>Label</translation>
    </message>
    <message>
      <source>Type to find or create a label</source>
      <translation>Tippen, um ein Label zu finden oder anzulegen</translation>
    </message>
  </context>
  <context>
    <name>ListeningBar</name>
    <message>
      <source>Open in browser</source>
      <translation>Im Browser öffnen</translation>
    </message>
    <message>
      <source>This was written on another website, and the feed gives no address for it. Reply on that website directly.</source>
      <translation>Das wurde auf einer anderen Website geschrieben, und der Feed nennt keine Adresse dafür. Antworten Sie direkt auf dieser Website.</translation>
    </message>
    <message>
      <source>This was written on another website; Tresen cannot answer there. Open the page to reply, then mark this done.</source>
      <translation>Das wurde auf einer anderen Website geschrieben; Tresen kann dort nicht antworten. Öffnen Sie die Seite zum Antworten und markieren Sie dies danach als erledigt.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>&amp;Tresen</source>
      <translation>&amp;Tresen</translation>
    </message>
    <message>
      <source>Add an account</source>
      <translation>Konto hinzufügen</translation>
    </message>
    <message>
      <source>All answered</source>
      <translation>Alles beantwortet</translation>
    </message>
    <message>
      <source>Availability saved</source>
      <translation>Erreichbarkeit gespeichert</translation>
    </message>
    <message>
      <source>Availability…</source>
      <translation>Erreichbarkeit…</translation>
    </message>
    <message>
      <source>For now, accounts are added from the command line (see tresen --help).</source>
      <translation>Konten werden vorerst über die Kommandozeile hinzugefügt (siehe tresen --help).</translation>
    </message>
    <message>
      <source>Label “%1” added — press z to undo</source>
      <translation>Label „%1“ gesetzt – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Label “%1” removed — press z to undo</source>
      <translation>Label „%1“ entfernt – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Marked done — press z to undo</source>
      <translation>Als erledigt markiert – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Marked read</source>
      <translation>Als gelesen markiert</translation>
    </message>
    <message>
      <source>Marked unread</source>
      <translation>Als ungelesen markiert</translation>
    </message>
    <message>
      <source>No account can sync yet.</source>
      <translation>Noch kann kein Konto synchronisieren.</translation>
    </message>
    <message>
      <source>No accounts yet</source>
      <translation>Noch keine Konten</translation>
    </message>
    <message>
      <source>No conversation matches “%1”. Check the spelling or try fewer words; Escape clears the search.</source>
      <translation>Keine Unterhaltung passt zu „%1“. Prüfen Sie die Schreibweise oder versuchen Sie weniger Wörter; Escape leert die Suche.</translation>
    </message>
    <message>
      <source>No network: replies wait in the outbox.</source>
      <translation>Kein Netz: Antworten warten im Postausgang.</translation>
    </message>
    <message>
      <source>No open conversations in this view.</source>
      <translation>In dieser Ansicht gibt es keine offenen Unterhaltungen.</translation>
    </message>
    <message>
      <source>No results</source>
      <translation>Keine Treffer</translation>
    </message>
    <message>
      <source>Nothing done yet</source>
      <translation>Noch nichts erledigt</translation>
    </message>
    <message>
      <source>Nothing here</source>
      <translation>Hier ist nichts</translation>
    </message>
    <message>
      <source>Nothing snoozed</source>
      <translation>Nichts zurückgestellt</translation>
    </message>
    <message>
      <source>Nothing to undo</source>
      <translation>Nichts rückgängig zu machen</translation>
    </message>
    <message>
      <source>Nothing waiting — every customer has an answer.</source>
      <translation>Niemand wartet – jede Kundin und jeder Kunde hat eine Antwort.</translation>
    </message>
    <message>
      <source>Older messages are fetched with the next sync</source>
      <translation>Ältere Nachrichten werden mit der nächsten Synchronisierung abgerufen</translation>
    </message>
    <message>
      <source>Open the demo</source>
      <translation>Demo öffnen</translation>
    </message>
    <message>
      <source>Passwords can only be changed in a normal start of Tresen, not here.</source>
      <translation>Passwörter lassen sich nur in einem normalen Start von Tresen ändern, nicht hier.</translation>
    </message>
    <message>
      <source>Press e on a conversation when it needs nothing more from you.</source>
      <translation>Drücken Sie e, wenn eine Unterhaltung nichts mehr von Ihnen braucht.</translation>
    </message>
    <message>
      <source>Press s on a conversation to bring it back later.</source>
      <translation>Drücken Sie s, um eine Unterhaltung später wieder vorzulegen.</translation>
    </message>
    <message>
      <source>Queued again</source>
      <translation>Erneut eingereiht</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Beenden</translation>
    </message>
    <message>
      <source>Reopened — press z to undo</source>
      <translation>Wieder geöffnet – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Reply queued — press z to undo</source>
      <translation>Antwort eingereiht – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Reply released: it goes out with the next sync</source>
      <translation>Antwort freigegeben: Sie geht mit der nächsten Synchronisierung hinaus</translation>
    </message>
    <message>
      <source>Reply scheduled — press z to undo</source>
      <translation>Antwort geplant – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Saved to %1</source>
      <translation>Gespeichert unter %1</translation>
    </message>
    <message>
      <source>Scheduled reply cancelled</source>
      <translation>Geplante Antwort verworfen</translation>
    </message>
    <message>
      <source>Settings…</source>
      <translation>Einstellungen…</translation>
    </message>
    <message>
      <source>Signed in again — syncing now</source>
      <translation>Neu angemeldet — wird jetzt abgeglichen</translation>
    </message>
    <message>
      <source>Signed in again; the next sync uses it</source>
      <translation>Neu angemeldet; der nächste Abgleich verwendet es</translation>
    </message>
    <message>
      <source>Snoozed — press z to undo</source>
      <translation>Zurückgestellt – z macht es rückgängig</translation>
    </message>
    <message>
      <source>Sync failed: %1</source>
      <translation>Synchronisieren fehlgeschlagen: %1</translation>
    </message>
    <message>
      <source>This is the demo: nothing is sent anywhere.</source>
      <translation>Das ist die Demo: Es wird nichts verschickt.</translation>
    </message>
    <message>
      <source>Tresen brings your customers' email, Mastodon messages and review feeds into one window. Add an account to start, or open the demo to look around with two example businesses.</source>
      <translation>Tresen bringt E-Mails, Mastodon-Nachrichten und Bewertungs-Feeds Ihrer Kundschaft in ein Fenster. Fügen Sie ein Konto hinzu, um zu beginnen, oder öffnen Sie die Demo mit zwei Beispielbetrieben.</translation>
    </message>
    <message>
      <source>Tresen — Demo</source>
      <translation>Tresen – Demo</translation>
    </message>
    <message>
      <source>Undone</source>
      <translation>Rückgängig gemacht</translation>
    </message>
  </context>
  <context>
    <name>ReplyEditor</name>
    <message>
      <source>Choose a time…</source>
      <translation>Zeit wählen…</translation>
    </message>
    <message>
      <source>From: %1</source>
      <translation>Von: %1</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>Senden</translation>
    </message>
    <message>
      <source>Send (Ctrl+Enter)</source>
      <translation>Senden (Strg+Enter)</translation>
    </message>
    <message>
      <source>Send later</source>
      <translation>Später senden</translation>
    </message>
    <message>
      <source>Tomorrow at 9:00</source>
      <translation>Morgen um 9:00</translation>
    </message>
    <message>
      <source>When we open (no opening hours set)</source>
      <translation>Wenn wir öffnen (keine Öffnungszeiten festgelegt)</translation>
    </message>
    <message>
      <source>When we open (we are open now)</source>
      <translation>Wenn wir öffnen (jetzt geöffnet)</translation>
    </message>
    <message>
      <source>When we open — %1</source>
      <translation>Wenn wir öffnen – %1</translation>
    </message>
    <message>
      <source>Write a reply… (Ctrl+Enter sends)</source>
      <translation>Antwort schreiben… (Strg+Enter sendet)</translation>
    </message>
  </context>
  <context>
    <name>SafeBrowser</name>
    <message>
      <source>Open link?</source>
      <translation>Link öffnen?</translation>
    </message>
    <message>
      <source>This link leads to:

%1

Open it in your web browser?</source>
      <translation>Dieser Link führt zu:

%1

Im Webbrowser öffnen?</translation>
    </message>
  </context>
  <context>
    <name>SearchField</name>
    <message>
      <source>Search all messages (/)  —  e.g. brot* from:anna is:unread</source>
      <translation>Alle Nachrichten durchsuchen (/)  –  z. B. brot* from:anna is:unread</translation>
    </message>
  </context>
  <context>
    <name>SendLater</name>
    <message>
      <source>Schedule</source>
      <translation>Planen</translation>
    </message>
    <message>
      <source>Send at:</source>
      <translation>Senden am:</translation>
    </message>
    <message>
      <source>Send later</source>
      <translation>Später senden</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Availability…</source>
      <translation>Erreichbarkeit…</translation>
    </message>
    <message>
      <source>Language:</source>
      <translation>Sprache:</translation>
    </message>
    <message>
      <source>Opening hours, closures and the away notice of each workspace</source>
      <translation>Öffnungszeiten, Schließzeiten und Abwesenheitshinweis jedes Arbeitsbereichs</translation>
    </message>
    <message>
      <source>Opening hours:</source>
      <translation>Öffnungszeiten:</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Einstellungen</translation>
    </message>
    <message>
      <source>System</source>
      <translation>Systemsprache</translation>
    </message>
  </context>
  <context>
    <name>ShortcutsDialog</name>
    <message>
      <source>Clear the search</source>
      <translation>Suche leeren</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>Send the reply</source>
      <translation>Antwort senden</translation>
    </message>
  </context>
  <context>
    <name>Sidebar</name>
    <message>
      <source>Accounts</source>
      <translation>Konten</translation>
    </message>
    <message>
      <source>All</source>
      <translation>Alle</translation>
    </message>
    <message>
      <source>All workspaces</source>
      <translation>Alle Arbeitsbereiche</translation>
    </message>
    <message>
      <source>Direct</source>
      <translation>Direkt</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Erledigt</translation>
    </message>
    <message>
      <source>Listening</source>
      <translation>Mithören</translation>
    </message>
    <message>
      <source>Mentions</source>
      <translation>Erwähnungen</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Offen</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>Zurückgestellt</translation>
    </message>
    <message>
      <source>Waiting for reply</source>
      <translation>Wartet auf Antwort</translation>
    </message>
  </context>
  <context>
    <name>SidebarView</name>
    <message>
      <source>Everything</source>
      <translation>Alles</translation>
    </message>
    <message>
      <source>Fetch</source>
      <translation>Abrufen</translation>
    </message>
    <message>
      <source>Fetch older messages</source>
      <translation>Ältere Nachrichten abrufen</translation>
    </message>
    <message>
      <source>Fetch older messages…</source>
      <translation>Ältere Nachrichten abrufen…</translation>
    </message>
    <message>
      <source>Last 6 months</source>
      <translation>Letzte 6 Monate</translation>
    </message>
    <message>
      <source>Last year</source>
      <translation>Letztes Jahr</translation>
    </message>
    <message>
      <source>The first sync of {account} fetched only recent mail. How far back should Tresen fetch? It fetches in the background; new mail keeps arriving meanwhile.</source>
      <translation>Die erste Synchronisierung von {account} hat nur neuere E-Mails abgerufen. Wie weit zurück soll Tresen abrufen? Das geschieht im Hintergrund; neue E-Mails kommen währenddessen weiter an.</translation>
    </message>
  </context>
  <context>
    <name>SignInAgain</name>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Enter the password.</source>
      <translation>Geben Sie das Passwort ein.</translation>
    </message>
    <message>
      <source>It works, but no keyring can keep the secret.</source>
      <translation>Es funktioniert, aber kein Schlüsselbund kann das Geheimnis aufbewahren.</translation>
    </message>
    <message>
      <source>Mastodon no longer accepts Tresen's access to %1. Sign in again in your web browser.</source>
      <translation>Mastodon akzeptiert Tresens Zugriff auf %1 nicht mehr. Melden Sie sich in Ihrem Webbrowser erneut an.</translation>
    </message>
    <message>
      <source>Nothing was changed.</source>
      <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
      <source>Password:</source>
      <translation>Passwort:</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Wird gespeichert …</translation>
    </message>
    <message>
      <source>Sign in again</source>
      <translation>Neu anmelden</translation>
    </message>
    <message>
      <source>Sign in with the browser</source>
      <translation>Im Browser anmelden</translation>
    </message>
    <message>
      <source>Test and save</source>
      <translation>Testen und speichern</translation>
    </message>
    <message>
      <source>Testing the password…</source>
      <translation>Passwort wird getestet …</translation>
    </message>
    <message>
      <source>The test failed: %1</source>
      <translation>Der Test ist fehlgeschlagen: %1</translation>
    </message>
    <message>
      <source>Tresen could not log in to %1. Enter the password again; Tresen tests it before keeping it.</source>
      <translation>Tresen konnte sich nicht bei %1 anmelden. Geben Sie das Passwort erneut ein; Tresen testet es, bevor es gespeichert wird.</translation>
    </message>
    <message>
      <source>Waiting for you to allow access in the browser…</source>
      <translation>Warte darauf, dass Sie im Browser den Zugriff erlauben …</translation>
    </message>
    <message>
      <source>You signed in as %1, but this account is %2. Sign in with the right account.</source>
      <translation>Sie haben sich als %1 angemeldet, dieses Konto ist aber %2. Melden Sie sich mit dem richtigen Konto an.</translation>
    </message>
  </context>
  <context>
    <name>SnoozeMenu</name>
    <message>
      <source>Later today (in 3 hours)</source>
      <translation>Später heute (in 3 Stunden)</translation>
    </message>
    <message>
      <source>Next week (Monday 9:00)</source>
      <translation>Nächste Woche (Montag 9:00)</translation>
    </message>
    <message>
      <source>Tomorrow at 9:00</source>
      <translation>Morgen um 9:00</translation>
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message numerus="yes">
      <source>%n waiting to send</source>
      <translation>
        <numerusform>%n wartet auf Versand</numerusform>
        <numerusform>%n warten auf Versand</numerusform>
      </translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>Offline</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>Synchronisiere…</translation>
    </message>
    <message>
      <source>all sent</source>
      <translation>alles versendet</translation>
    </message>
  </context>
  <context>
    <name>Thread</name>
    <message>
      <source>Attachments</source>
      <translation>Anhänge</translation>
    </message>
    <message>
      <source>Away notice not sent (%1)</source>
      <translation>Abwesenheitshinweis nicht gesendet (%1)</translation>
    </message>
    <message>
      <source>Away notice queued %1</source>
      <translation>Abwesenheitshinweis wartet auf Versand, %1</translation>
    </message>
    <message>
      <source>Away notice sent %1</source>
      <translation>Abwesenheitshinweis gesendet %1</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Verwerfen</translation>
    </message>
    <message>
      <source>Failed to send</source>
      <translation>Senden fehlgeschlagen</translation>
    </message>
    <message>
      <source>Held for a second look: the customer wrote again after you scheduled this reply. Send it anyway, or cancel it and answer anew.</source>
      <translation>Zurückgehalten zur erneuten Durchsicht: Der Kunde hat nach dem Planen dieser Antwort noch einmal geschrieben. Trotzdem senden oder verwerfen und neu antworten.</translation>
    </message>
    <message>
      <source>Hide text</source>
      <translation>Text ausblenden</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Öffnen</translation>
    </message>
    <message>
      <source>Queued — will be sent when online</source>
      <translation>Eingereiht – wird gesendet, sobald online</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>Erneut versuchen</translation>
    </message>
    <message>
      <source>Save as…</source>
      <translation>Speichern unter …</translation>
    </message>
    <message>
      <source>Scheduled for %1</source>
      <translation>Geplant für %1</translation>
    </message>
    <message>
      <source>Scheduled for %1 (when we open)</source>
      <translation>Geplant für %1 (wenn wir öffnen)</translation>
    </message>
    <message>
      <source>Send now</source>
      <translation>Jetzt senden</translation>
    </message>
    <message>
      <source>Sending…</source>
      <translation>Wird gesendet…</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>Gesendet</translation>
    </message>
    <message>
      <source>Show %1 earlier messages</source>
      <translation>%1 frühere Nachrichten anzeigen</translation>
    </message>
    <message>
      <source>Show all %1</source>
      <translation>Alle %1 anzeigen</translation>
    </message>
    <message>
      <source>Show text</source>
      <translation>Text anzeigen</translation>
    </message>
    <message>
      <source>Show the earlier message</source>
      <translation>Die frühere Nachricht anzeigen</translation>
    </message>
    <message>
      <source>Unknown whether it arrived — check before sending again</source>
      <translation>Unklar, ob sie angekommen ist – bitte prüfen, bevor Sie erneut senden</translation>
    </message>
  </context>
  <context>
    <name>Time</name>
    <message>
      <source>never synced</source>
      <translation>nie synchronisiert</translation>
    </message>
    <message numerus="yes">
      <source>synced %n d ago</source>
      <translation>
        <numerusform>vor %n Tag synchronisiert</numerusform>
        <numerusform>vor %n Tagen synchronisiert</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>synced %n h ago</source>
      <translation>
        <numerusform>vor %n Std. synchronisiert</numerusform>
        <numerusform>vor %n Std. synchronisiert</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>synced %n min ago</source>
      <translation>
        <numerusform>vor %n Min. synchronisiert</numerusform>
        <numerusform>vor %n Min. synchronisiert</numerusform>
      </translation>
    </message>
    <message>
      <source>synced just now</source>
      <translation>gerade synchronisiert</translation>
    </message>
    <message numerus="yes">
      <source>waiting %n d</source>
      <translation>
        <numerusform>wartet %n Tag</numerusform>
        <numerusform>wartet %n Tage</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>waiting %n h</source>
      <translation>
        <numerusform>wartet %n Std.</numerusform>
        <numerusform>wartet %n Std.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>waiting %n min</source>
      <translation>
        <numerusform>wartet %n Min.</numerusform>
        <numerusform>wartet %n Min.</numerusform>
      </translation>
    </message>
  </context>
</TS>
