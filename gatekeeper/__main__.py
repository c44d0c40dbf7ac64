from gatekeeper.entry import main

main()
