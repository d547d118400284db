handbookSearchLoaded("terms/vs",{"vs":[19,10,20,10,21,10,22,10,23,10,24,10]});
