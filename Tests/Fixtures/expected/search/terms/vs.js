handbookSearchLoaded("terms/vs",{"vs":[19,50,20,50,21,50,22,50,23,50,24,50]});
