from garrison.cli.main import main

raise SystemExit(main())
