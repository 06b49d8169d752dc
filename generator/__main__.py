from schemagen.entry import main

main()
