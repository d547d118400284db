handbookSearchLoaded("terms/ye",{"yet":[14,1]});
