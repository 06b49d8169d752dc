from schemagen.cli.entry import main

main()
