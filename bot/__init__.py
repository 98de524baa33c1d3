"""SafePassage: a multilingual helpline bot against scam-compound trafficking."""
